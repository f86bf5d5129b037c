package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A trainer killed while a window assembled from input partitions' parts waits for its late part. */
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class WindowAssemblyRestartIT {

    /** Covers a trainer JVM's start and its sixty fits on a busy machine. */
    private static final Duration KILLED_PATIENCE = Duration.ofMinutes(4);
    /** Covers the group's wait for the killed member's session to expire. */
    private static final Duration RESTART_PATIENCE = Duration.ofMinutes(2);
    /** The waiting window must not be given up on the bound while the test runs. */
    private static final Map<String, String> NO_BOUND = Map.of(TrainerConfig.WINDOW_ASSEMBLY_TIMEOUT_MS_CONFIG, "600000");

    /** The default {@code train.horizon.windows}. */
    private static final int HORIZON_WINDOWS = 30;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /**
     * One window waits for input partition 1's part while sixty later windows (of the same event-time window, as
     * {@code window.max.records} closes them while partition 1 lags) are trained; then the trainer is killed with
     * SIGKILL and restarted. Each window must be trained exactly once: the finished ones are not trained again however
     * many there are (more than the commit's metadata could name one by one) but are read again into the training
     * horizon, and the waiting one trains when its part comes.
     */
    @Test
    void shouldTrainEveryWindowOnceAfterAKillWhileAWindowWaitsForALatePart(@TempDir Path logs) {
        int laterWindows = 60;
        try (TestPipeline pipeline = new TestPipeline(broker.bootstrapServers(), "late-part-window-assembly-kill",
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
            try (TrainerProcess process = TrainerProcess.start(killedSettings, logs.resolve("trainer.log"))) {
                await().atMost(KILLED_PATIENCE).until(() -> pipeline.history().size() == laterWindows);
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
                    .hasSize(HORIZON_WINDOWS).contains(waiting, p + "-0-" + laterWindows);
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
}
