package io.streamtrain.bench.soak;

import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.launcher.runtime.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the pipeline's capacity: the input records/s that the streams-app commits while it works through a backlog,
 * with the trainer and scorer running beside it (in the same JVM, or in processes of their own). The backlog is built
 * by offering far more records than the streams-app can take for a quarter of the probe; the rate is then measured from the moment the producer stops
 * until the backlog is gone, so nothing else competes with it. Afterwards it waits for the trainer to catch up too.
 */
public final class CapacityProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CapacityProbe.class);
    /** Far above what two cores can window: the input is never short of records. */
    private static final int SATURATING_RATE = 400_000;
    private static final long DRAINED_LAG = 1_000;

    private CapacityProbe() {
    }

    /** Records/s the streams-app committed while draining the backlog built during a quarter of {@code probe}. */
    static double measure(Deployment deployment, String pipeline, GroupLag lag, String streamsGroup, String trainerGroup, Duration probe)
            throws InterruptedException {
        return measure(deployment.clientProperties(), deployment.pipeline(pipeline).pipeline().topics(), lag, streamsGroup, trainerGroup, probe)
                .recordsPerSecond();
    }

    /**
     * The same for a pipeline whose services run anywhere (other processes included), reached with {@code clientProperties};
     * also says how many records the probe put on the input topic, which the pipeline then processes like any other.
     */
    public static Result measure(Map<String, Object> clientProperties, PipelineTopics topics, GroupLag lag, String streamsGroup,
                                 String trainerGroup, Duration probe) throws InterruptedException {
        String input = topics.records();
        String batches = topics.batches();
        DemoTraffic saturating = new DemoTraffic(SATURATING_RATE, 0, 1, 0.0, 0.5, 7L, Duration.ofMinutes(10));
        long offered;
        DemoProducer producer = new DemoProducer(clientProperties, topics, saturating, Clock.systemUTC());
        try (producer) {
            producer.start();
            Thread.sleep(probe.toMillis() / 4);
            offered = producer.recordsSent();
        }
        long fromCount = lag.committed(streamsGroup, input);
        long from = System.nanoTime();
        awaitDrained(() -> lag.of(streamsGroup, input) < DRAINED_LAG);
        double rate = (lag.committed(streamsGroup, input) - fromCount) / ((System.nanoTime() - from) / 1e9);
        LOG.info("capacity probe: the streams-app committed {} input records/s while draining a backlog ({} records offered "
                + "in {} s); waiting for the trainer to catch up", Math.round(rate), offered, probe.toSeconds() / 4);
        awaitDrained(() -> lag.of(trainerGroup, batches) < 10);
        return new Result(rate, producer.recordsAcknowledged());
    }

    /**
     * @param recordsPerSecond     the measured capacity
     * @param recordsAcknowledged  labelled records of the probe that the broker acknowledged
     */
    public record Result(double recordsPerSecond, long recordsAcknowledged) {
    }

    private static void awaitDrained(BooleanSupplier drained) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!drained.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the probe's backlog did not drain within 10 minutes");
            }
            Thread.sleep(500);
        }
    }
}
