package io.streamtrain.scorer.api;

import io.streamtrain.scorer.model.ModelVersions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up versions of the model history for {@code ?version=N} off the request's thread, so that a request never
 * waits longer than {@link HttpSettings#historyReadTimeout()} for one: a version that is not cached is read from the
 * history topic, which takes as long as Kafka takes. A read that outlasts the limit is answered 504 and goes on in the
 * background, so the version is cached for the next request; at most {@link #CONCURRENT_READS} reads run at once, and a
 * request that would start another is answered 503 with {@code Retry-After}, so a burst of requests for old versions
 * cannot pile up consumers on the cluster.
 */
final class HistoryReads implements AutoCloseable {

    /** How many history reads may run at once across every pipeline of the server. */
    static final int CONCURRENT_READS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReads.class);

    private final OffloadedCalls reads;

    HistoryReads(Duration timeout) {
        this.reads = new OffloadedCalls(CONCURRENT_READS, timeout, Thread.ofVirtual().name("streamtrain-scorer-history-read-", 0).factory());
    }

    /**
     * Version {@code version} from {@code versions}, within the time limit.
     *
     * @throws ApiException 504 when the read outlasts the limit, 503 when {@link #CONCURRENT_READS} reads are running or
     *                      the history cannot be read
     */
    ModelVersions.Lookup find(ModelVersions versions, long version, String pipeline) {
        return reads.call(() -> versions.find(version), new OffloadedCalls.Refusals() {
            @Override
            public String busy(int concurrency) {
                return "version " + version + " of pipeline " + pipeline + " must be read from the model history, and "
                        + concurrency + " such reads are running; retry shortly";
            }

            @Override
            public String late(Duration timeout) {
                return "version " + version + " of pipeline " + pipeline + " could not be read from the model history within "
                        + timeout.toMillis() + " ms; the read goes on, so retry shortly";
            }

            @Override
            public ApiException failed(Throwable cause) {
                LOG.warn("Reading version {} of pipeline {} from the model history failed: {}", version, pipeline, cause.toString());
                return ApiException.unavailable("version " + version + " of pipeline " + pipeline
                        + " could not be read from the model history: " + cause.getMessage());
            }
        });
    }

    /** Stops reads in flight; their requests have been answered or are answered 503. */
    @Override
    public void close() {
        reads.close();
    }
}
