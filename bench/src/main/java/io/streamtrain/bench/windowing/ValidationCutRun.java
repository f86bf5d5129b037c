package io.streamtrain.bench.windowing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.streams.IngestTopology;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.streams.internal.validate.RecordValidation;
import io.streamtrain.streams.internal.validate.RecordValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * The stateless validation cut: the streams-app's topology cut right after validation (decode, validate, drop), under
 * the same exactly-once configuration, in one or more instances. It writes nothing, so it is the most a stateless
 * Kafka Streams stage over this input does on this machine. Timed from the first RUNNING until the last record is
 * through (processed, not yet committed), and until the whole input is committed ({@link InputCommitted}), the end the
 * streams-app is timed to as well.
 */
final class ValidationCutRun {

    private static final int LARGEST_RECORD_BYTES = 1 << 20;

    private ValidationCutRun() {
    }

    /**
     * @param seconds          from the first RUNNING until every record is through
     * @param committedSeconds from the first RUNNING until the whole input is committed
     * @param cpuSeconds       CPU time of the instances' threads until the input is committed
     */
    record Result(double seconds, double committedSeconds, double cpuSeconds) {
    }

    /** Runs one instance per configuration in {@code instances} (same application, own state directories). */
    static Result run(Admin admin, List<PipelineConfig> instances, long records, Duration timeout) throws InterruptedException {
        AtomicLong reached = new AtomicLong();
        String applicationId = new StreamsAppConfig(PipelineDefinition.of(instances.getFirst())).applicationId();
        InputCommitted committed = InputCommitted.of(admin, applicationId, instances.getFirst().topics().records());
        List<KafkaStreams> running = new ArrayList<>();
        try {
            for (PipelineConfig pipeline : instances) {
                running.add(new KafkaStreams(topology(pipeline, reached), new StreamsAppConfig(PipelineDefinition.of(pipeline)).streamsProperties()));
            }
            running.forEach(KafkaStreams::start);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (running.stream().noneMatch(streams -> streams.state() == KafkaStreams.State.RUNNING)) {
                awaitUntil(deadline, "RUNNING");
            }
            long start = System.nanoTime();
            ThreadCpu cpuAtStart = ThreadCpu.of(applicationId);
            while (reached.get() < records) {
                awaitUntil(deadline, reached.get() + " of " + records + " records through validation");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            while (!committed.reached()) {
                awaitUntil(deadline, "the input committed");
            }
            double committedSeconds = (System.nanoTime() - start) / 1e9;
            return new Result(seconds, committedSeconds, ThreadCpu.of(applicationId).secondsSince(cpuAtStart));
        } finally {
            running.forEach(KafkaStreams::close);
        }
    }

    private static Topology topology(PipelineConfig pipeline, AtomicLong reached) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(pipeline.topics().records(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new RecordValidator(new RecordValidation(pipeline, LARGEST_RECORD_BYTES), pipeline.pipelineName(),
                        IngestTopology.SERVICE_NAME))
                .foreach((key, value) -> reached.incrementAndGet());
        return builder.build();
    }

    private static void awaitUntil(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
        TimeUnit.MILLISECONDS.sleep(5);
    }
}
