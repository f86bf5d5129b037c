package io.streamtrain.core.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The value behind a gauge of {@link StreamtrainMeters}: a double that one thread sets and a scrape reads. NaN
 * means "not measured" (Prometheus shows {@code NaN}). Thread-safe.
 */
public final class GaugeValue {

    private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

    public void set(double value) {
        bits.set(Double.doubleToRawLongBits(value));
    }

    public double get() {
        return Double.longBitsToDouble(bits.get());
    }
}
