package io.streamtrain.core.service;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-running streamtrain service of one pipeline (streams-app, trainer, scorer, dashboard), and the one lifecycle
 * they share: made from its configuration without connecting, {@linkplain #start started} once, then
 * {@linkplain #close closed} once.
 *
 * <p>A service writes two steps: {@link #open} opens what it runs and returns a future that completes once it does its
 * work (or fails when it cannot), and {@link #release} stops whatever {@code open} opened, also when {@code open} threw
 * half-way. {@link #start} writes the rest once for every service: it refuses a second start, waits for the future
 * within the timeout, and on any failure (a step that throws, a future that fails, the timeout, an interrupt) releases
 * what was opened before it throws, so a start that fails leaves nothing behind. {@link #close} releases once, whenever
 * it is called; a close during the start makes the start fail.
 */
public abstract class PipelineService implements AutoCloseable {

    /** Where a service is in its lifecycle; it only moves forward. */
    public enum Lifecycle {
        /** Made, not started. */
        NEW,
        /** {@link #start} is opening the service or waiting until it runs. */
        STARTING,
        /** Started; whether it is healthy is {@link #isHealthy()}. */
        RUNNING,
        /** Closed, or its start failed. */
        CLOSED
    }

    private final String name;
    private final String pipeline;
    private final Object lock = new Object();
    private volatile Lifecycle lifecycle = Lifecycle.NEW;

    /**
     * @param name     the service's name in logs, metrics and messages, for example {@code trainer}
     * @param pipeline the name of the pipeline it serves
     */
    protected PipelineService(String name, String pipeline) {
        this.name = Objects.requireNonNull(name, "name");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /** Short name used in logs and events, for example {@code trainer}. */
    public final String name() {
        return name;
    }

    /** Where the service is in its lifecycle. */
    public final Lifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Starts the service and waits, at most {@code timeout}, until it runs.
     *
     * @throws IllegalStateException if it was started before, or does not run within {@code timeout}; it is closed then
     * @throws RuntimeException      what a step of {@link #open} threw; the service is closed then
     */
    public final void start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<?> running;
        synchronized (lock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException(this + " can be started once; it is " + lifecycle.name().toLowerCase(Locale.ROOT));
            }
            lifecycle = Lifecycle.STARTING;
            try {
                running = open(timeout);
            } catch (RuntimeException | Error e) {
                close(e);
                throw e;
            }
        }
        awaitRunning(running, timeout, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        synchronized (lock) {
            if (lifecycle != Lifecycle.STARTING) {
                throw new IllegalStateException(this + " was closed while it started");
            }
            lifecycle = Lifecycle.RUNNING;
            try {
                onRunning();
            } catch (RuntimeException e) {
                close(e);
                throw e;
            }
        }
    }

    /** True while the service runs and has not failed: its liveness. Never blocks. */
    public abstract boolean isHealthy();

    /**
     * True while the service is healthy and can do its work: its readiness. A service that talks to Kafka is not ready
     * once it has not reached Kafka for {@code health.kafka.unreachable.ms} (see {@link KafkaReachability}), and ready
     * again as soon as it does; it stays healthy meanwhile. Never blocks.
     */
    public boolean isReady() {
        return isHealthy();
    }

    /** Stops gracefully, releasing whatever {@link #start} opened; idempotent. */
    @Override
    public final void close() {
        synchronized (lock) {
            Lifecycle previous = lifecycle;
            lifecycle = Lifecycle.CLOSED;
            if (previous == Lifecycle.STARTING || previous == Lifecycle.RUNNING) {
                release();
            }
        }
    }

    /** {@code <name> of pipeline <pipeline>}, as messages name the service. */
    @Override
    public String toString() {
        return name + " of pipeline " + pipeline;
    }

    /**
     * Opens what the service runs and starts it; called once, by {@link #start}. If a step throws, {@link #release} is
     * called next, so it must cope with what is open so far.
     *
     * @param timeout how long the whole start may take; the wait for the returned future counts against it
     * @return completes once the service does its work, or fails with the reason it cannot
     */
    protected abstract CompletableFuture<?> open(Duration timeout);

    /**
     * What is still missing when the future of {@link #open} has not completed within the start's timeout, for the
     * message of the failure; for example {@code "Kafka Streams did not reach RUNNING (state REBALANCING)"}.
     */
    protected abstract String notRunningYet();

    /** Called once the service runs, before {@link #start} returns; for example to announce the start. */
    protected void onRunning() {
    }

    /**
     * Stops whatever {@link #open} opened, gracefully; called at most once, by {@link #close}, also after a start that
     * failed half-way.
     */
    protected abstract void release();

    /** True from the start until the close: while the service is starting or running. */
    protected final boolean isOpen() {
        Lifecycle current = lifecycle;
        return current == Lifecycle.STARTING || current == Lifecycle.RUNNING;
    }

    private void awaitRunning(CompletableFuture<?> running, Duration timeout, Duration remaining) {
        try {
            running.get(remaining.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String missing = notRunningYet();
            close();
            throw new IllegalStateException(this + " did not start within " + timeout + ": " + missing, e);
        } catch (ExecutionException e) {
            close(e.getCause());
            throw new IllegalStateException(this + " failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the " + this, e);
        }
    }

    /** Closes after a failed start; a failure of the close is added to the start's. */
    private void close(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
