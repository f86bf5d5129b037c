package io.streamtrain.scorer.api;

import io.streamtrain.scorer.model.ModelVersions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final Duration timeout;
    private final Semaphore reads = new Semaphore(CONCURRENT_READS);
    private final ExecutorService readers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("streamtrain-scorer-history-read-", 0).factory());

    HistoryReads(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Version {@code version} from {@code versions}, within the time limit.
     *
     * @throws ApiException 504 when the read outlasts the limit, 503 when {@link #CONCURRENT_READS} reads are running or
     *                      the history cannot be read
     */
    ModelVersions.Lookup find(ModelVersions versions, long version, String pipeline) {
        if (!reads.tryAcquire()) {
            throw ApiException.unavailable("version " + version + " of pipeline " + pipeline + " must be read from the model "
                    + "history, and " + CONCURRENT_READS + " such reads are running; retry shortly");
        }
        Future<ModelVersions.Lookup> lookup;
        try {
            lookup = readers.submit(() -> {
                try {
                    return versions.find(version);
                } finally {
                    reads.release();
                }
            });
        } catch (RuntimeException e) {
            reads.release();
            throw e;
        }
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.gatewayTimeout("version " + version + " of pipeline " + pipeline + " could not be read from the "
                    + "model history within " + timeout.toMillis() + " ms; the read goes on, so retry shortly");
        } catch (ExecutionException e) {
            LOG.warn("Reading version {} of pipeline {} from the model history failed: {}", version, pipeline, e.getCause().toString());
            throw ApiException.unavailable("version " + version + " of pipeline " + pipeline + " could not be read from the "
                    + "model history: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while reading version " + version + " from the model history");
        }
    }

    /** Stops reads in flight; their requests have been answered or are answered 503. */
    @Override
    public void close() {
        readers.shutdownNow();
    }
}
