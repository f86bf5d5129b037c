package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.GRACE_MS;
import static io.streamtrain.streams.TopologyHarness.T0;
import static io.streamtrain.streams.TopologyHarness.WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.streams.TopologyHarness.Batch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransientModeTopologyTest {

    private static final Map<String, String> TRANSIENT = Map.of(PipelineConfig.PIPELINE_MODE_CONFIG, "transient");

    @TempDir
    Path stateDir;

    @Test
    void shouldWindowLabelledAndUnlabelledRecordsAndTheScoreRequestsThatArrivedDuringTheWindow() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, TRANSIENT)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipe(unlabelled("u1", T0 + 2_000));
            harness.pipeScoreRequest("q1", DemoInput.json("s1", T0 - 60_000), T0 + 3_000);
            harness.pipeScoreRequest("q2", DemoInput.utf8("[" + DemoInput.jsonObject("s2", T0)
                    + ", {\"id\": \"s3\", \"premium\": \"yes\"}]"), T0 + 4_000);

            harness.pipeValid(2, T0 + WINDOW_MS + GRACE_MS);

            List<Batch> batches = harness.batches();
            assertThat(batches).singleElement().satisfies(batch -> {
                assertThat(batch.recordIds()).containsExactly("r1", "u1", "s1", "s2");
                assertThat(batch.records()).extracting(CleanRecord::getRequestId).containsExactly(null, null, "q1", "q2");
                assertThat(batch.records()).extracting(record -> record.getLabel() == null).containsExactly(false, true, true, true);
                assertThat(batch.records().get(2).getEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 3_000));
                assertThat(batch.manifest().getRecordCount()).isEqualTo(4);
                assertThat(batch.manifest().getSourceRanges()).extracting(OffsetRange::getRecordCount).containsExactly(2L);
            });
            assertThat(harness.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("invalid");
                assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(harness.pipeline.topics().scoreRequests());
                assertThat(header(dead, DeadLetterHeaders.REQUEST_ID)).isEqualTo("q2");
                assertThat(header(dead, DeadLetterHeaders.REQUEST_INDEX)).isEqualTo("1");
            });
        }
    }

    @Test
    void shouldDeadLetterAScoreRequestWhoseWindowHasClosedAsLate() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, TRANSIENT)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + WINDOW_MS + GRACE_MS);

            harness.pipeScoreRequest("q-late", DemoInput.json("s1", T0), T0 + 5_000);

            assertThat(harness.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("late");
                assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(harness.pipeline.topics().scoreRequests());
                assertThat(dead.key()).as("the request's own key").isEqualTo(DemoInput.utf8("q-late"));
            });
        }
    }

    @Test
    void shouldLetScoreRequestsNeitherAdvanceStreamTimeNorCloseWindows() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, TRANSIENT)) {
            harness.pipeValid(1, T0 + 1_000);

            harness.pipeScoreRequest("q-future", DemoInput.json("s1", T0), T0 + 5 * WINDOW_MS);

            assertThat(harness.batches()).isEmpty();
            assertThat(harness.deadLetters()).isEmpty();
        }
    }

    @Test
    void shouldStillDeadLetterUnlabelledRecordsInContinuousMode() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipe(unlabelled("u1", T0 + 2_000));

            assertThat(harness.deadLetters()).singleElement()
                    .satisfies(dead -> assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("missing-label"));
        }
    }

    @Test
    void shouldReadScoreRequestsOnlyInTransientMode() {
        try (TopologyHarness continuous = new TopologyHarness(stateDir.resolve("c"));
             TopologyHarness transientMode = new TopologyHarness(stateDir.resolve("t"), TRANSIENT)) {
            assertThat(sources(continuous)).doesNotContain(continuous.pipeline.topics().scoreRequests());
            assertThat(sources(transientMode)).contains(transientMode.pipeline.topics().scoreRequests());
        }
    }

    @Test
    void shouldWindowScoreRequestsInTheTaskOfTheirPartitionWithoutARepartition() {
        try (TopologyHarness harness = new TopologyHarness(stateDir, TRANSIENT)) {
            TopologyDescription description = IngestTopology.build(harness.pipeline, harness.config.topologyOptions(3, 3)).describe();

            assertThat(description.subtopologies()).hasSize(1);
            assertThat(description.toString()).doesNotContain("repartition");
        }
    }

    private static List<String> sources(TopologyHarness harness) {
        TopologyDescription description = IngestTopology.build(harness.pipeline, harness.config.topologyOptions(1, 1)).describe();
        return description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(TopologyDescription.Source.class::isInstance)
                .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                .toList();
    }

    private static byte[] unlabelled(String id, long eventTime) {
        ObjectNode node = DemoInput.jsonObject(id, eventTime);
        node.remove("label");
        return DemoInput.bytes(node);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.read(record.headers(), name);
    }
}
