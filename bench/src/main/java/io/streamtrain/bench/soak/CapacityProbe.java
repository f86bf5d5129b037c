package io.streamtrain.bench.soak;

import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.launcher.runtime.PipelineRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the pipeline's capacity: input records/s that the streams-app commits while the input is saturated (the
 * producer offers far more than it can take) and the trainer and scorer run beside it, in the same JVM. The first
 * fifth of the probe warms up and is not counted. Afterwards it waits for the backlog to drain.
 */
final class CapacityProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CapacityProbe.class);
    /** Far above what two cores can window: the input is never short of records. */
    private static final int SATURATING_RATE = 400_000;

    private CapacityProbe() {
    }

    /** Records/s the streams-app committed during the measured part of {@code probe}. */
    static double measure(PipelineRuntime runtime, GroupLag lag, String streamsGroup, Duration probe) throws InterruptedException {
        String input = runtime.pipeline().topics().records();
        DemoTraffic saturating = new DemoTraffic(SATURATING_RATE, 0, 1, 0.0, 0.5, 7L, Duration.ofMinutes(10));
        double rate;
        try (DemoProducer producer = new DemoProducer(runtime.clientProperties(), runtime.pipeline().topics(), saturating, Clock.systemUTC())) {
            producer.start();
            Thread.sleep(probe.toMillis() / 5);
            long fromCount = lag.committed(streamsGroup, input);
            long from = System.nanoTime();
            Thread.sleep(probe.toMillis() * 4 / 5);
            long toCount = lag.committed(streamsGroup, input);
            rate = (toCount - fromCount) / ((System.nanoTime() - from) / 1e9);
        }
        LOG.info("capacity probe: the streams-app committed {} input records/s with the input saturated; draining the backlog",
                Math.round(rate));
        awaitDrained(() -> lag.of(streamsGroup, input) < 1_000);
        return rate;
    }

    private static void awaitDrained(BooleanSupplier drained) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!drained.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the probe's backlog did not drain within 10 minutes");
            }
            Thread.sleep(1_000);
        }
    }
}
