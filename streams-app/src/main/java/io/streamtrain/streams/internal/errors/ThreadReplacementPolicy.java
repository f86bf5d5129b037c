package io.streamtrain.streams.internal.errors;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream thread that dies is replaced. With exactly-once its tasks abort their open transaction and
 * resume from the last committed state and offsets, so nothing is lost or emitted twice; the failure and
 * the running count of replacements are logged.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final String service;
    private final AtomicLong replacements = new AtomicLong();

    public ThreadReplacementPolicy(String service) {
        this.service = service;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        long count = replacements.incrementAndGet();
        LOG.error("A stream thread of {} died; replacing it (replacement {} since start). Its tasks resume from their "
                + "last commit.", service, count, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** How many threads have been replaced since start. */
    public long replacements() {
        return replacements.get();
    }
}
