package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several input partitions an idle input keeps writing progress to {@code <p>.batches} (every idle partition
 * repeats it): the trainer must commit past those messages while nothing waits for assembly, so its lag on the
 * batches topic does not grow while the input idles, and a trainer restarted afterwards must still rebuild the same
 * horizon and learn which partitions are idle. The trainer runs in a child JVM so it can be killed with SIGKILL.
 */
class IdleInputTrainerLagIT {

    private static final int INPUT_PARTITIONS = 4;
    private static final Duration IDLE_WAIT = Duration.ofSeconds(60);

    @TempDir
    private static Path brokerData;

    @TempDir
    private Path directory;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults().withDataDir(brokerData));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCommitTheBatchesTopicToItsEndWhileTheInputIdlesAndKeepTheHorizonAcrossATrainerRestart() throws Exception {
        // The assembly bound is far beyond every wait: only progress (idle partitions included) settles a window.
        Map<String, String> settings = Map.of("input.partitions", String.valueOf(INPUT_PARTITIONS),
                "streams.partition.idle.ms", "3000", "train.horizon.windows", "2",
                "trainer.window.assembly.timeout.ms", "3600000");
        try (FaultPipeline pipeline = FaultPipeline.start("idle-lag", broker.bootstrapServers(), directory,
                EnumSet.of(ServiceKind.STREAMS_APP), settings);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPartition batches = new TopicPartition(pipeline.runtime().pipeline().topics().batches(), 0);
            String trainerGroup = "streamtrain-idle-lag-trainer";
            try (ServiceProcess trainer = pipeline.runInChild("trainer", Map.of(), Map.of())) {
                pipeline.sendWindow(0);
                pipeline.awaitVersions(1);
                long endAtFirstModel = endOffset(admin, batches);

                awaitCommittedToTheEnd(admin, trainerGroup, batches, endAtFirstModel);
                trainer.kill();
            }
            try (ServiceProcess restarted = pipeline.runInChild("trainer", Map.of(), Map.of())) {
                // Input partition 3 gets no record of window 1: the restarted trainer must know it idles.
                pipeline.sendWindowToPartitions(1, INPUT_PARTITIONS - 1);

                List<ModelEnvelope> models = pipeline.awaitVersions(2);

                ModelEnvelope first = models.get(0);
                ModelEnvelope second = models.get(1);
                assertThat(windowRecords(first)).as("window 0 in model 1").isEqualTo(FaultPipeline.RECORDS_PER_WINDOW);
                assertThat(windowRecords(second)).as("window 1 in model 2").isEqualTo(FaultPipeline.RECORDS_PER_WINDOW);
                assertThat(second.getLineage().getSourceRanges()).extracting(OffsetRange::getPartition)
                        .containsExactlyInAnyOrder(0, 1, 2);
                assertThat(second.getLineage().getHorizon().getWindows()).as("the horizon rebuilt after the restart")
                        .extracting(LineageWindow::getBatchId)
                        .containsExactly(first.getLineage().getBatchId(), second.getLineage().getBatchId());
                assertThat(second.getLineage().getHorizon().getWindows()).extracting(LineageWindow::getRows)
                        .containsExactly((long) FaultPipeline.RECORDS_PER_WINDOW, (long) FaultPipeline.RECORDS_PER_WINDOW);
                awaitCommittedToTheEnd(admin, trainerGroup, batches, endOffset(admin, batches));
            }
        }
    }

    /** Records of the model's own window (not of its horizon): the sum of its source ranges. */
    private static long windowRecords(ModelEnvelope model) {
        return model.getLineage().getSourceRanges().stream().mapToLong(OffsetRange::getRecordCount).sum();
    }

    /**
     * Waits until the batches topic has grown beyond {@code endBefore} (idle partitions repeat their progress) and the
     * trainer group's committed offset is its end: a lag of zero.
     */
    private static void awaitCommittedToTheEnd(Admin admin, String group, TopicPartition partition, long endBefore) {
        await().atMost(IDLE_WAIT).untilAsserted(() -> {
            long end = endOffset(admin, partition);
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            assertThat(end).as("progress written while the input idles").isGreaterThan(endBefore);
            assertThat(committed).isNotNull();
            assertThat(committed.offset()).as("the trainer's committed offset, the end being %d", end).isEqualTo(end);
        });
    }

    private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS).get(partition)
                .offset();
    }
}
