package io.streamtrain.bench.scoring;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A daemon thread that watches for model versions and notes when ({@link System#nanoTime()}) it first saw each one;
 * the notes are read from any thread. Subclasses say where they look ({@link #watchUntilStopped()}), and how to stop a look that
 * blocks ({@link #wakeUp()}).
 */
abstract class VersionSightings implements AutoCloseable {

    /** Longest wait in {@link #close()} for the watch to end; a watch notices {@link #stopping()} within a poll. */
    private static final long JOIN_MILLIS = 5_000;

    private final Map<Long, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopping;

    VersionSightings(String threadName) {
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::watchUntilStopped);
    }

    /** Watches until {@link #stopping()}, calling {@link #seen} for each version it sees. */
    abstract void watchUntilStopped();

    /** Ends a blocking look of {@link #watchUntilStopped()} when the sightings are closed; nothing to do for a watch that polls. */
    void wakeUp() {
    }

    /** Starts the watch thread; called once, by the subclass's factory. */
    final void startWatching() {
        thread.start();
    }

    final boolean stopping() {
        return stopping;
    }

    /** Notes {@code version} as seen at {@code seenNanos} unless it was seen before. */
    final void seen(long version, long seenNanos) {
        firstSeenNanos.putIfAbsent(version, seenNanos);
    }

    /** When model {@code version} was first seen; empty if it has not been yet. */
    final OptionalLong firstSeenNanos(long version) {
        Long nanos = firstSeenNanos.get(version);
        return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    @Override
    public final void close() {
        stopping = true;
        wakeUp();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
