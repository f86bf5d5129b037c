package io.streamtrain.ml.testing;

import java.io.ObjectInputFilter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;

/**
 * The JVM's deserialization filter factory in this module's tests ({@code -Djdk.serialFilterFactory}, set in the
 * pom): every {@link java.io.ObjectInputStream} calls it when it is created, so {@link #streams()} counts the
 * streams created since {@link #reset()}. It changes no filter: it returns the one asked for.
 */
public final class DeserializationWatch implements BinaryOperator<ObjectInputFilter> {

    private static final AtomicLong CALLS = new AtomicLong();

    @Override
    public ObjectInputFilter apply(ObjectInputFilter current, ObjectInputFilter requested) {
        CALLS.incrementAndGet();
        return requested;
    }

    /** Whether the JVM runs with this factory (else {@link #streams()} stays 0 whatever happens). */
    public static boolean installed() {
        return ObjectInputFilter.Config.getSerialFilterFactory() instanceof DeserializationWatch;
    }

    public static void reset() {
        CALLS.set(0);
    }

    /** Calls of the factory since {@link #reset()}: at least one per {@code ObjectInputStream} created. */
    public static long streams() {
        return CALLS.get();
    }
}
