package io.streamtrain.launcher.demo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task at a fixed rate on its own daemon thread, the pace of a synthetic producer, until closed. A tick that
 * throws cancels the schedule (as {@link ScheduledExecutorService#scheduleAtFixedRate} does), so a task that must keep
 * going catches its own errors.
 */
public final class FixedRateTicker implements AutoCloseable {

    /** Longest wait in {@link #close()} for a running tick to finish. */
    private static final long CLOSE_SECONDS = 5;

    private final ScheduledExecutorService executor;

    /** A ticker whose thread is named {@code threadName}; nothing runs before {@link #start}. */
    public FixedRateTicker(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().name(threadName).daemon().unstarted(runnable));
    }

    /** Runs {@code tick} now and then every {@code period}; returns at once. */
    public void start(Duration period, Runnable tick) {
        executor.scheduleAtFixedRate(tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the ticks and waits for a running one to finish. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
