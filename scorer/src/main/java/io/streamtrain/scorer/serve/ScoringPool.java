package io.streamtrain.scorer.serve;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * Creates the fork-join pool a scorer parses its polls and scores its forest blocks on, instead of the JVM's common
 * pool: sized by the scorer's configuration, its threads named after the scorer (so a thread dump or a profile shows
 * whose work they do), and closed by whoever created it. Its threads are daemon threads made on first use and ended
 * after a minute idle.
 *
 * <p>The pool never runs more than its size: its tasks only compute and join each other, so it needs no spare threads
 * for blocked ones, and a replacement thread takes the number its predecessor freed. So the names are always
 * {@code <prefix>-1} to {@code <prefix>-<threads>}.
 */
public final class ScoringPool {

    private static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

    private ScoringPool() {
    }

    /**
     * A pool of at most {@code threads} threads named {@code <threadNamePrefix>-1}, {@code -2}, up to
     * {@code -<threads>}.
     *
     * @throws IllegalArgumentException when {@code threads} is not positive
     */
    public static ForkJoinPool create(int threads, String threadNamePrefix) {
        return create(threads, threadNamePrefix, KEEP_ALIVE);
    }

    /** As {@link #create(int, String)}, its threads ended after {@code keepAlive} idle. */
    static ForkJoinPool create(int threads, String threadNamePrefix, Duration keepAlive) {
        Numbers numbers = new Numbers();
        return new ForkJoinPool(threads, pool -> new Worker(pool, numbers, threadNamePrefix), null, false, 0, threads, 1,
                pool -> true, keepAlive.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The numbers the pool's live threads hold; a new thread takes the lowest free one. */
    private static final class Numbers {

        private final BitSet taken = new BitSet();

        synchronized int take() {
            int number = taken.nextClearBit(1);
            taken.set(number);
            return number;
        }

        synchronized void release(int number) {
            taken.clear(number);
        }
    }

    private static final class Worker extends ForkJoinWorkerThread {

        private final Numbers numbers;
        private final int number;

        Worker(ForkJoinPool pool, Numbers numbers, String prefix) {
            super(pool);
            this.numbers = numbers;
            this.number = numbers.take();
            setName(prefix + "-" + number);
        }

        @Override
        protected void onTermination(Throwable exception) {
            numbers.release(number);
            super.onTermination(exception);
        }
    }
}
