package io.streamtrain.bench.windowing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.streams.IngestTopology;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.streams.internal.validate.IngestOutput;
import io.streamtrain.streams.internal.validate.RecordValidation;
import io.streamtrain.streams.internal.validate.RecordValidator;
import io.streamtrain.streams.internal.window.WindowInput;
import io.streamtrain.streams.internal.window.WindowInputSerde;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Runs a prefix of the streams-app topology under the same exactly-once configuration, to show what each stage
 * costs: validation alone, or validation and the repartition to one partition, each ending in a no-op. Timed
 * from RUNNING until the last record reaches the end of the prefix (processed, not yet committed).
 */
final class TopologyPrefixRun {

    /** How much of the topology runs. */
    enum Prefix { VALIDATION, VALIDATION_AND_REPARTITION }

    private static final int LARGEST_RECORD_BYTES = 1 << 20;

    private TopologyPrefixRun() {
    }

    static double seconds(PipelineConfig pipeline, Prefix prefix, long records, Duration timeout) throws InterruptedException {
        AtomicLong reached = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], IngestOutput> validated = builder
                .stream(pipeline.topics().records(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new RecordValidator(new RecordValidation(pipeline, LARGEST_RECORD_BYTES), pipeline.pipelineName(),
                        IngestTopology.SERVICE_NAME));
        KStream<?, ?> end = prefix == Prefix.VALIDATION ? validated : validated
                .flatMapValues(output -> output instanceof IngestOutput.ToWindow toWindow ? List.of(toWindow.input()) : List.<WindowInput>of())
                .selectKey((key, input) -> pipeline.pipelineName())
                .repartition(Repartitioned.<String, WindowInput>as(IngestTopology.WINDOW_INPUT_TOPIC)
                        .withKeySerde(Serdes.String()).withValueSerde(new WindowInputSerde()).withNumberOfPartitions(1));
        end.foreach((key, value) -> reached.incrementAndGet());

        try (KafkaStreams streams = new KafkaStreams(builder.build(), new StreamsAppConfig(pipeline).streamsProperties())) {
            streams.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                awaitUntil(deadline, "RUNNING");
            }
            long running = System.nanoTime();
            while (reached.get() < records) {
                awaitUntil(deadline, reached.get() + " of " + records + " records through " + prefix);
            }
            return (System.nanoTime() - running) / 1e9;
        }
    }

    private static void awaitUntil(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
        TimeUnit.MILLISECONDS.sleep(5);
    }
}
