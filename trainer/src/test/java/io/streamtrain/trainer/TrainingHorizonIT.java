package io.streamtrain.trainer;

import static io.streamtrain.trainer.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamtrain.broker.testing.ClassBroker;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.WindowPart;
import io.streamtrain.ml.train.BatchTrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained on a horizon of several windows, and the horizon rebuilt from the batches topic after a crash: also
 * while a window assembled from input partitions' parts waits for its late part.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TrainingHorizonIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Covers a trainer JVM's start, and the group's wait for a killed member's session to expire. */
    private static final Duration RESTART_PATIENCE = Duration.ofSeconds(120);
    /** Records per window: five windows of different sizes, so the rows of each horizon differ. */
    private static final int[] WINDOW_ROWS = {30, 40, 50, 60, 70};
    private static final Map<String, String> THREE_WINDOWS = Map.of(
            PipelineConfig.TRAIN_HORIZON_WINDOWS_CONFIG, "3",
            // A killed trainer's group membership expires after this; the broker's minimum.
            "kafka.session.timeout.ms", "6000");

    /** Covers a trainer JVM's start and sixty fits on a busy machine. */
    private static final Duration SIXTY_FITS_PATIENCE = Duration.ofMinutes(4);
    /** The waiting window must not be given up on the bound while the test runs. */
    private static final Map<String, String> NO_BOUND = Map.of(TrainerConfig.WINDOW_ASSEMBLY_TIMEOUT_MS_CONFIG, "600000");
    /** The default {@code train.horizon.windows}. */
    private static final int DEFAULT_HORIZON_WINDOWS = 30;

    @RegisterExtension
    static final ClassBroker BROKER = new ClassBroker();

    @Test
    void shouldNameOneTwoThreeThreeThreeWindowsWhenTheHorizonIsThreeWindows() {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "horizon-grows", THREE_WINDOWS)) {
            try (TrainerService trainer = pipeline.startedTrainer(new BatchTrainer()::train)) {
                produceWindows(pipeline, 1, 5);
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 5);
                assertThat(trainer.isHealthy()).isTrue();
            }
            List<ModelEnvelope> history = pipeline.history();
            assertThat(history).extracting(e -> e.getLineage().getHorizon().getWindows().size()).containsExactly(1, 2, 3, 3, 3);
            HorizonFacts last = history.getLast().getLineage().getHorizon();
            assertThat(last.getWindows()).extracting(LineageWindow::getBatchId).containsExactly("b3", "b4", "b5");
            assertThat(last.getWindows()).extracting(LineageWindow::getRows).containsExactly(50L, 60L, 70L);
            assertThat(last.getWindows()).extracting(LineageWindow::getRowsUsed).containsExactly(50L, 60L, 70L);
            assertThat(last.getWindows()).allSatisfy(w -> assertThat(w.getFirstOffset()).isLessThan(w.getManifestOffset()));
            assertThat(last.getWindows()).extracting(LineageWindow::getFirstOffset).isSorted();
            assertThat(last.getRowsAvailable()).isEqualTo(180);
            assertThat(last.getRowsUsed()).isEqualTo(180);
            assertThat(last.getEvaluation()).isEqualTo("newest-window");
            assertThat(last.getRefit()).isTrue();
            // Evaluation on what is new: the test rows all come from the newest window, the earlier ones all train.
            ModelEnvelope fifth = history.getLast();
            assertThat(fifth.getLineage().getTestCount()).isBetween(1L, 69L);
            assertThat(fifth.getLineage().getTrainCount() + fifth.getLineage().getTestCount()).isEqualTo(180);
            assertThat(fifth.getLineage().getTrainCount()).isGreaterThan(110);
        }
    }

    @Test
    void shouldPublishTheSameModelAfterATrainerIsKilledBetweenWindowsAsAnUninterruptedRun(@TempDir Path logs) throws Exception {
        List<String> uninterrupted;
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "horizon-straight", THREE_WINDOWS)) {
            try (TrainerService trainer = pipeline.startedTrainer(new BatchTrainer()::train)) {
                produceWindows(pipeline, 1, 5);
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 5);
            }
            uninterrupted = pipeline.history().stream().map(ModelEnvelope::getModelSha256).toList();
        }
        assertThat(uninterrupted).doesNotHaveDuplicates();

        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "horizon-killed", THREE_WINDOWS)) {
            Path log = logs.resolve("killed-trainer.log");
            try (ChildJvm process = TrainerProcess.start(pipeline.pipelineSettings(), log)) {
                produceWindows(pipeline, 1, 3);
                await().atMost(RESTART_PATIENCE).until(() -> pipeline.history().size() == 3);
                process.kill();
            }
            try (TrainerService restarted = pipeline.startedTrainer(new BatchTrainer()::train)) {
                produceWindows(pipeline, 4, 5);
                await().atMost(RESTART_PATIENCE).until(() -> pipeline.history().size() == 5);
                assertThat(restarted.isHealthy()).isTrue();
            }
            List<ModelEnvelope> history = pipeline.history();
            assertThat(history).extracting(ModelEnvelope::getVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(history.get(3).getLineage().getHorizon().getWindows()).extracting(LineageWindow::getBatchId)
                    .containsExactly("b2", "b3", "b4");
            assertThat(history).extracting(ModelEnvelope::getModelSha256).containsExactlyElementsOf(uninterrupted);
        }
    }

    @Test
    void shouldRefuseToStartWhenTheBatchesTopicWouldDeleteTheHorizonBeforeARestartCouldRebuildIt() {
        Map<String, String> tooLong = Map.of(PipelineConfig.TRAIN_HORIZON_WINDOWS_CONFIG, "200",
                PipelineConfig.WINDOW_SIZE_MS_CONFIG, "3600000");
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "horizon-retention", tooLong)) {
            TrainerService trainer = pipeline.trainer(new BatchTrainer()::train, Map.of());

            assertThatThrownBy(() -> trainer.start(PATIENCE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("train.horizon.windows=200")
                    .hasMessageContaining("window.size.ms=3600000")
                    .hasMessageContaining("retention.ms=604800000 of topic horizon-retention.batches");
            assertThat(trainer.isHealthy()).isFalse();
            trainer.close();
        }
    }

    /**
     * One window waits for input partition 1's part while sixty later windows (of the same event-time window, as
     * {@code window.max.records} closes them while partition 1 lags) are trained; then the trainer is killed with
     * SIGKILL and restarted. Each window must be trained exactly once: the finished ones are not trained again however
     * many there are (more than the commit's metadata could name one by one) but are read again into the training
     * horizon, and the waiting one trains when its part comes.
     */
    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void shouldTrainEveryWindowOnceAfterAKillWhileAWindowWaitsForALatePart(@TempDir Path logs) {
        int laterWindows = 60;
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "late-part-window-assembly-kill",
                Map.of("kafka.session.timeout.ms", "6000"))) {
            String p = pipeline.name();
            String waiting = p + "-0-0";
            List<BatchMessage> messages = new ArrayList<>(part(p, waiting, 0));
            for (int w = 1; w <= laterWindows; w++) {
                messages.addAll(part(p, p + "-0-" + w, 0));
                messages.addAll(part(p, p + "-0-" + w, 1));
            }
            pipeline.produce(messages);
            Map<String, String> killedSettings = new HashMap<>(pipeline.pipelineSettings());
            killedSettings.putAll(NO_BOUND);
            try (ChildJvm process = TrainerProcess.start(killedSettings, logs.resolve("trainer.log"))) {
                await().atMost(SIXTY_FITS_PATIENCE).until(() -> pipeline.history().size() == laterWindows);
                process.kill();
            }
            try (TrainerService restarted = pipeline.trainer(new BatchTrainer()::train, NO_BOUND)) {
                restarted.start(RESTART_PATIENCE);
                pipeline.produce(part(p, waiting, 1));
                await().atMost(RESTART_PATIENCE).until(() -> pipeline.history().stream()
                        .anyMatch(model -> model.getLineage().getBatchId().equals(waiting)));
                assertThat(restarted.isHealthy()).isTrue();
            }
            List<ModelEnvelope> history = pipeline.history();
            assertThat(history).extracting(model -> model.getLineage().getBatchId()).as("each window trained once")
                    .doesNotHaveDuplicates().hasSize(laterWindows + 1);
            assertThat(history).extracting(ModelEnvelope::getVersion)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, laterWindows + 1).boxed().toList());
            ModelEnvelope last = history.getLast();
            assertThat(last.getLineage().getMissingInputPartitions()).as("the late part joined it").isEmpty();
            assertThat(last.getLineage().getHorizon().getWindows()).extracting(LineageWindow::getBatchId)
                    .as("the windows finished before the kill were read again into the horizon, as without the kill")
                    .hasSize(DEFAULT_HORIZON_WINDOWS).contains(waiting, p + "-0-" + laterWindows);
        }
    }

    /**
     * Input partition {@code partition}'s part of {@code window} (of two input partitions): 20 records in one chunk and
     * a manifest whose progress has not passed the window's end, so that it settles no other window.
     */
    private static List<BatchMessage> part(String pipeline, String window, int partition) {
        String partId = window + "@p" + partition;
        BatchManifest manifest = (BatchManifest) TestBatches.manifest(pipeline, window, 1, 20).getPart();
        manifest.setPart(new WindowPart(window, new PartitionProgress(partition, 2, TestBatches.WINDOW_START, false)));
        return List.of(TestBatches.chunk(pipeline, partId, 0, TestBatches.records(partId, 20)),
                new BatchMessage(pipeline, partId, manifest));
    }

    /** Windows {@code from} to {@code to}, each a batch of two chunks and a manifest in a transaction of its own. */
    private static void produceWindows(TestPipeline pipeline, int from, int to) {
        for (int i = from; i <= to; i++) {
            pipeline.produce(batch(pipeline.name(), "b" + i, WINDOW_ROWS[i - 1], 2, i));
        }
    }
}
