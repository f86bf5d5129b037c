package io.streamtrain.launcher.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a command running until Ctrl-C (or SIGTERM) or an optional deadline, and lets the shutdown hook
 * wait until the command has closed everything, so the JVM does not exit halfway through a graceful stop.
 */
final class UntilStopped implements AutoCloseable {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    UntilStopped() {
        hook = new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(closed, CLOSE_WAIT);
        }, "streamtrain-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits for a stop request, at most {@code limit} (null waits without limit); true if a stop was requested. */
    boolean await(Duration limit) throws InterruptedException {
        if (limit == null) {
            stopRequested.await();
            return true;
        }
        return stopRequested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Marks the command as fully closed and removes the hook if the JVM is not already shutting down. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running and now returns.
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
