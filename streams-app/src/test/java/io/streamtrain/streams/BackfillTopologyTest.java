package io.streamtrain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.backfill.BackfillRequest;
import io.streamtrain.streams.backfill.BackfillTally;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backfill topology: the live validation and windowing, bounded by the run's end offsets, refusals counted only. */
class BackfillTopologyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    @Test
    void shouldWindowOnlyTheRangeAsTheRunsBatchesAndCountRefusalsWithoutDeadLettering(@TempDir Path stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(PipelineConfig.PIPELINE_NAME_CONFIG, "churn");
        settings.put(PipelineConfig.WINDOW_SIZE_MS_CONFIG, "10000");
        settings.put(StreamsAppConfig.IDLE_CHECK_INTERVAL_MS_CONFIG, "100");
        settings.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put("kafka.bootstrap.servers", "test-driver:9092");
        PipelineConfig pipeline = new PipelineConfig(settings);
        StreamsAppConfig config = new StreamsAppConfig(PipelineDefinition.of(pipeline));
        BackfillRequest request = new BackfillRequest("run1", Instant.ofEpochMilli(T0), Optional.empty(), Map.of(0, 5L), Duration.ofSeconds(1));
        BackfillTally tally = new BackfillTally();

        try (TopologyTestDriver driver = new TopologyTestDriver(
                IngestTopology.buildBackfill(pipeline, config.topologyOptions(1, 1), request, tally), config.streamsProperties(),
                Instant.parse("2030-01-01T00:00:00Z"))) {
            TestInputTopic<byte[], byte[]> records = driver.createInputTopic(pipeline.topics().records(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> batches = driver.createOutputTopic(pipeline.topics().batches(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> events = driver.createOutputTopic(pipeline.topics().events(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(pipeline.topics().deadLetters(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // Offsets 0 to 6; the range ends before offset 5.
            for (int offset = 0; offset < 7; offset++) {
                records.pipeInput(offset == 2 ? "not a record".getBytes(StandardCharsets.UTF_8) : DemoInput.json("r" + offset, T0 + offset * 100L));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));

            List<BatchMessage> messages = batches.readValuesToList().stream().map(BATCHES::decode).toList();
            BatchManifest manifest = (BatchManifest) messages.getLast().getPart();
            assertThat(messages.getLast().getBatchId()).isEqualTo("churn-backfill-run1-" + T0 + "-0");
            assertThat(manifest.getRecordCount()).isEqualTo(4);
            assertThat(manifest.getSourceRanges()).extracting(OffsetRange::getFirstOffset, OffsetRange::getLastOffset)
                    .containsExactly(tuple(0L, 4L));
            assertThat(manifest.getBackfill().getRunId()).isEqualTo("run1");
            assertThat(manifest.getBackfill().getRequestedFrom()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(deadLetters.isEmpty()).isTrue();
            assertThat(events.readValuesToList().stream().map(EVENTS::decode).filter(e -> e.getType() == EventType.WINDOW_CLOSED))
                    .singleElement().satisfies(event -> assertThat(event.getAttributes()).containsEntry("backfillRun", "run1"));
            assertThat(tally.read()).isEqualTo(5);
            assertThat(tally.windowed()).isEqualTo(4);
            assertThat(tally.refusedByReason()).containsExactly(Map.entry("undecodable", 1L));
        }
    }
}
