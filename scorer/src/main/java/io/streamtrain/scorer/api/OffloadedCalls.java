package io.streamtrain.scorer.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs slow work for requests off the requests' own threads, at most {@code concurrency} calls at once, and answers
 * each request within a time limit. A call that would exceed the concurrency is refused at once (503 with
 * {@code Retry-After}, so bursts cannot pile work up); a call that outlasts the limit is answered 504 and goes on in the
 * background holding its slot until it ends, so the work in flight stays bounded either way.
 */
final class OffloadedCalls implements AutoCloseable {

    /** Messages of the answers a request may get instead of its result. */
    interface Refusals {

        /** Why a call was not started: {@code concurrency} calls are running. */
        String busy(int concurrency);

        /** Why a request was answered before its call ended. */
        String late(Duration timeout);

        /** The answer for a call that failed with {@code cause} (not an {@link ApiException}, which is answered as it is). */
        ApiException failed(Throwable cause);
    }

    private final int concurrency;
    private final Duration timeout;
    private final Semaphore slots;
    private final ExecutorService workers;

    /**
     * @param threads makes the threads calls run on: virtual ones for calls that wait on I/O, platform ones for calls
     *                that compute
     */
    OffloadedCalls(int concurrency, Duration timeout, ThreadFactory threads) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive, got " + concurrency);
        }
        this.concurrency = concurrency;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.slots = new Semaphore(concurrency);
        this.workers = Executors.newThreadPerTaskExecutor(Objects.requireNonNull(threads, "threads"));
    }

    /**
     * The result of {@code work}, run on a thread of its own within the limits.
     *
     * @throws ApiException 503 when {@code concurrency} calls are running, 504 when the call outlasts the time limit,
     *                      the call's own {@link ApiException}, or {@link Refusals#failed} for any other failure
     */
    <T> T call(Callable<T> work, Refusals refusals) {
        if (!slots.tryAcquire()) {
            throw ApiException.unavailable(refusals.busy(concurrency));
        }
        Future<T> result;
        try {
            result = workers.submit(() -> {
                try {
                    return work.call();
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.gatewayTimeout(refusals.late(timeout));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ApiException answer ? answer : refusals.failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for a call to end");
        }
    }

    /** Interrupts calls in flight; their requests have been answered or are answered 503. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
