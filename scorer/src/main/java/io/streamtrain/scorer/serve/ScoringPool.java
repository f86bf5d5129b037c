package io.streamtrain.scorer.serve;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the fork-join pool a scorer parses its polls and scores its forest blocks on, instead of the JVM's common
 * pool: sized by the scorer's configuration, its threads named after the scorer (so a thread dump or a profile shows
 * whose work they do), and closed by whoever created it. Its threads are daemon threads made on first use.
 */
public final class ScoringPool {

    private ScoringPool() {
    }

    /**
     * A pool of {@code threads} threads named {@code <threadNamePrefix>-1}, {@code -2}, and so on.
     *
     * @throws IllegalArgumentException when {@code threads} is not positive
     */
    public static ForkJoinPool create(int threads, String threadNamePrefix) {
        AtomicInteger made = new AtomicInteger();
        return new ForkJoinPool(threads, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName(threadNamePrefix + "-" + made.incrementAndGet());
            return thread;
        }, null, false);
    }
}
