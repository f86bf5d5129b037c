package io.streamtrain.core.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests of a service's failed start: set as {@code kafka.interceptor.classes}, it counts the Kafka clients
 * configured with it and closed, and refuses to be configured for the n-th, which makes that client's constructor
 * fail. Kafka creates it by its class name, so the counts are static: {@link #reset} before each start.
 */
public final class CountingInterceptor extends PassThroughInterceptor {

    /** The message of the n-th client's failure. */
    public static final String REFUSAL = "this client is made to fail";
    /** Clients configured with it, the failing one not included. */
    public static final AtomicInteger OPENED = new AtomicInteger();
    /** Of those, the ones closed again. */
    public static final AtomicInteger CLOSED = new AtomicInteger();
    private static final AtomicInteger MADE = new AtomicInteger();
    private static volatile int failing;
    /** Kafka also closes the instance whose configure threw: only instances that were configured count. */
    private boolean opened;

    /** Zeroes the counts; the {@code failingClient}-th client configured from now on fails (1 for the first). */
    public static void reset(int failingClient) {
        OPENED.set(0);
        CLOSED.set(0);
        MADE.set(0);
        failing = failingClient;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (MADE.incrementAndGet() == failing) {
            throw new IllegalStateException(REFUSAL);
        }
        OPENED.incrementAndGet();
        opened = true;
    }

    @Override
    public void close() {
        if (opened) {
            CLOSED.incrementAndGet();
        }
    }
}
