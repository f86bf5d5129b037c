package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.WindowCloseReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestTopologyTest {

    @TempDir
    Path stateDir;

    /** One input partition or several: the windower runs in the validation task, with no repartition between. */
    @ParameterizedTest(name = "{0} input partitions")
    @ValueSource(ints = {1, 3})
    void shouldWindowInEveryInputPartitionsTaskWithoutARepartition(int partitions) {
        try (TopologyHarness harness = new TopologyHarness(stateDir, Map.of(), partitions)) {
            TopologyDescription description = IngestTopology.build(harness.pipeline,
                    harness.config.topologyOptions(partitions, partitions)).describe();

            assertThat(description.subtopologies()).singleElement()
                    .satisfies(subtopology -> assertThat(nodeNames(subtopology)).contains(IngestTopology.WINDOWER_NODE));
            assertThat(description.toString()).doesNotContain("repartition");
        }
    }

    @Test
    void shouldBatchEveryValidRecordInWholeWindowsOrInParts() {
        for (int partitions : new int[] {1, 3}) {
            try (TopologyHarness harness = new TopologyHarness(stateDir.resolve("p" + partitions),
                    Map.of(PipelineConfig.WINDOW_MAX_RECORDS_CONFIG, String.valueOf(4 * partitions)), partitions)) {
                IntStream.range(0, 8).forEach(n -> harness.pipeValid(n, T0 + n));

                List<TopologyHarness.Batch> batches = harness.batches();
                assertThat(batches).as("%d input partitions", partitions).hasSize(2).allSatisfy(batch -> {
                    assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.MAX_RECORDS);
                    assertThat(batch.manifest().getPart() != null).isEqualTo(partitions > 1);
                });
                assertThat(batches.stream().flatMap(batch -> batch.recordIds().stream()))
                        .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
            }
        }
    }

    private static List<String> nodeNames(TopologyDescription.Subtopology subtopology) {
        return subtopology.nodes().stream().map(TopologyDescription.Node::name).toList();
    }
}
