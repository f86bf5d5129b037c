package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several input partitions an idle input keeps writing progress to {@code <p>.batches} (every idle partition
 * repeats it): the trainer must commit past those messages while nothing waits for assembly, so its lag on the
 * batches topic does not grow while the input idles, and a trainer restarted afterwards must still rebuild the same
 * horizon and learn which partitions are idle. The trainer runs in a child JVM so it can be killed with SIGKILL.
 */
class IdleInputTrainerLagIT {

    private static final int INPUT_PARTITIONS = 4;
    private static final Duration IDLE_WAIT = Duration.ofSeconds(90);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @TempDir
    private Path directory;

    @Test
    void shouldCommitTheBatchesTopicToItsEndWhileTheInputIdlesAndKeepTheHorizonAcrossATrainerRestart() throws Exception {
        // The assembly bound is far beyond every wait: only progress (idle partitions included) settles a window.
        Map<String, String> settings = Map.of("input.partitions", String.valueOf(INPUT_PARTITIONS),
                "streams.partition.idle.ms", "3000", "train.horizon.windows", "2",
                "trainer.window.assembly.timeout.ms", "3600000");
        try (FaultPipeline pipeline = FaultPipeline.start("idle-lag", BROKER.bootstrapServers(), directory,
                EnumSet.of(ServiceKind.STREAMS_APP), settings);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()));
             TopicReader history = new TopicReader(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     BROKER.bootstrapServers()), pipeline.runtime().pipeline().topics().modelHistory())) {
            TopicPartition batches = new TopicPartition(pipeline.runtime().pipeline().topics().batches(), 0);
            String trainerGroup = "streamtrain-idle-lag-trainer";
            int beforeRestart;
            try (ChildJvm trainer = pipeline.runInChild("trainer", Map.of(), Map.of())) {
                pipeline.sendWindow(0);
                // On a loaded machine a part may close on the idle bound before all of its records arrived: a window
                // can make more than one model, so models are counted by records.
                awaitRecordsInModels(history, FaultPipeline.RECORDS_PER_WINDOW);
                long endAtModels = endOffset(admin, batches);

                awaitCommittedToTheEnd(admin, trainerGroup, batches, endAtModels);
                beforeRestart = models(history).size();
                trainer.kill();
            }
            try (ChildJvm restarted = pipeline.runInChild("trainer", Map.of(), Map.of())) {
                // Input partition 3 gets no record of window 1: the restarted trainer must know it idles.
                pipeline.sendWindowToPartitions(1, INPUT_PARTITIONS - 1);

                List<ModelEnvelope> models = awaitRecordsInModels(history, 2 * FaultPipeline.RECORDS_PER_WINDOW);

                assertThat(models).extracting(ModelEnvelope::getVersion)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, models.size()).boxed().toList());
                assertThat(models).extracting(model -> model.getLineage().getBatchId()).doesNotHaveDuplicates();
                ModelEnvelope lastBefore = models.get(beforeRestart - 1);
                ModelEnvelope firstAfter = models.get(beforeRestart);
                assertThat(firstAfter.getLineage().getSourceRanges()).extracting(OffsetRange::getPartition)
                        .doesNotContain(INPUT_PARTITIONS - 1);
                assertThat(firstAfter.getLineage().getHorizon().getWindows()).as("the horizon rebuilt after the restart")
                        .extracting(LineageWindow::getBatchId)
                        .containsExactly(lastBefore.getLineage().getBatchId(), firstAfter.getLineage().getBatchId());
                assertThat(firstAfter.getLineage().getHorizon().getWindows()).extracting(LineageWindow::getRows)
                        .containsExactly(windowRecords(lastBefore), windowRecords(firstAfter));
                awaitCommittedToTheEnd(admin, trainerGroup, batches, endOffset(admin, batches));
                assertThat(models(history).stream().mapToLong(IdleInputTrainerLagIT::windowRecords).sum())
                        .as("nothing trained twice once everything is committed").isEqualTo(2L * FaultPipeline.RECORDS_PER_WINDOW);
            }
        }
    }

    /**
     * Waits until the models' own windows hold exactly {@code records} records (every labelled record sent, each in one
     * model: more would be a window trained twice); returns the models, oldest first.
     */
    private static List<ModelEnvelope> awaitRecordsInModels(TopicReader history, long records) {
        await().atMost(IDLE_WAIT).untilAsserted(() -> assertThat(models(history).stream()
                .mapToLong(IdleInputTrainerLagIT::windowRecords).sum()).isEqualTo(records));
        return models(history);
    }

    private static List<ModelEnvelope> models(TopicReader history) {
        return history.poll().stream().map(record -> ENVELOPES.decode(record.value())).toList();
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
