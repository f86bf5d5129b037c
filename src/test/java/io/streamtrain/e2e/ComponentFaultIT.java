package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes every component of a pipeline at its worst moment, restarts it, and checks that nothing was lost or
 * doubled: every labelled record is counted exactly once (in one published model's lineage, in a skipped batch, or
 * on the dead-letter topic), model versions are 1, 2, 3, ... each published once, and every score request gets
 * exactly one prediction.
 *
 * <p>Services are crashed by running them in a child JVM and killing it (SIGKILL): no shutdown hook, no finished
 * transaction, no group left. Fault hooks ({@link HangingTrainerMain}, {@link HangingInterceptor}) stop a child at an
 * exact point first (in a fit; between fit and commit with the model already sent; in the middle of a scoring
 * transaction). The restart runs in this JVM with the same configuration, as a process supervisor would restart
 * it. Each test has its own pipeline on one broker, which the last test restarts on its data directory.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComponentFaultIT {

    private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @TempDir
    private Path directory;

    @Test
    @Order(1)
    void shouldCountEveryRecordOnceWhenTheStreamsAppIsKilledInTheMiddleOfAWindow() {
        try (FaultPipeline pipeline = start("crash-streams", EnumSet.of(ServiceKind.TRAINER));
             ChildJvm streamsApp = pipeline.runInChild("streams-app", Map.of(), Map.of())) {
            pipeline.sendWindow(0);
            pipeline.sendWindow(1, 0, FaultPipeline.RECORDS_PER_WINDOW / 2);
            pipeline.awaitVersions(1);

            streamsApp.kill();
            pipeline.sendWindow(1, FaultPipeline.RECORDS_PER_WINDOW / 2, FaultPipeline.RECORDS_PER_WINDOW);
            pipeline.sendWindow(2);
            pipeline.runtime().start(ServiceKind.STREAMS_APP);

            pipeline.awaitVersions(3);
            pipeline.assertEveryRecordAccountedForOnce();
            assertThat(pipeline.runtime().isHealthy()).isTrue();
        }
    }

    @Test
    @Order(2)
    void shouldPublishEachVersionOnceWhenTheTrainerIsKilledInAFitAndBetweenFitAndCommit() {
        try (FaultPipeline pipeline = start("crash-trainer", EnumSet.of(ServiceKind.STREAMS_APP))) {
            Path inFit = pipeline.file("in-fit");
            try (ChildJvm trainer = pipeline.startChild(HangingTrainerMain.class, inFit.toString())) {
                pipeline.sendWindow(0);
                awaitMarker(trainer, inFit);
            }

            Path beforeCommit = pipeline.file("before-commit");
            String history = pipeline.runtime().pipeline().topics().modelHistory();
            try (ChildJvm trainer = pipeline.runInChild("trainer",
                    Map.of("kafka.interceptor.classes", HangingInterceptor.class.getName()),
                    Map.of(HangingInterceptor.TOPIC_PROPERTY, history,
                            HangingInterceptor.MARKER_PROPERTY, beforeCommit.toString()))) {
                awaitMarker(trainer, beforeCommit);
            }

            pipeline.runtime().start(ServiceKind.TRAINER);
            pipeline.awaitVersions(1);
            pipeline.sendWindow(1);
            pipeline.awaitVersions(2);
            pipeline.assertEveryRecordAccountedForOnce();
            assertThat(pipeline.runtime().isHealthy()).isTrue();
        }
    }

    @Test
    @Order(3)
    void shouldAnswerEveryRequestOnceWhenTheScorerIsKilledInTheMiddleOfATransaction() {
        try (FaultPipeline pipeline = start("crash-scorer", EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER))) {
            pipeline.sendWindow(0);
            pipeline.awaitVersions(1);

            Path midBatch = pipeline.file("mid-batch");
            try (ChildJvm scorer = pipeline.runInChild("scorer", Map.of(
                            "kafka.interceptor.classes", HangingInterceptor.class.getName(),
                            "scorer.max.poll.records", "40"),
                    Map.of(HangingInterceptor.TOPIC_PROPERTY, pipeline.runtime().pipeline().topics().predictions(),
                            HangingInterceptor.AFTER_PROPERTY, "300",
                            HangingInterceptor.MARKER_PROPERTY, midBatch.toString()))) {
                pipeline.sendScoreRequests("q", 100, 5);
                awaitMarker(scorer, midBatch);
                // The transactions before the stuck one are committed: the crash comes in the middle of the work.
                assertThat(pipeline.predictionCount()).isBetween(1, 299);
            }

            pipeline.runtime().start(ServiceKind.SCORER);
            pipeline.assertEveryRequestAnsweredOnce();
            assertThat(pipeline.runtime().isHealthy()).isTrue();
        }
    }

    @Test
    @Order(4)
    void shouldLoseAndDoubleNothingWhenTheBrokerRestartsWhileRecordsFlow() throws Exception {
        try (FaultPipeline pipeline = start("restart-broker", EnumSet.allOf(ServiceKind.class))) {
            pipeline.sendWindow(0);
            pipeline.awaitVersions(1);

            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                for (int from = 0; from < FaultPipeline.RECORDS_PER_WINDOW; from += 30) {
                    pipeline.sendWindow(1, from, from + 30);
                }
                pipeline.sendScoreRequests("before", 20, 5);
            });
            BROKER.restart();
            traffic.get();
            pipeline.sendWindow(2);
            pipeline.sendScoreRequests("after", 20, 5);

            // A pause of the input longer than window.idle.close.ms may close window 1 early and open a second batch of it.
            pipeline.assertEveryRecordAccountedForOnce();
            pipeline.assertEveryRequestAnsweredOnce();
            await().atMost(FAULT_TIMEOUT).until(() -> pipeline.runtime().isHealthy());
        }
    }

    private FaultPipeline start(String name, Set<ServiceKind> inThisJvm) {
        return FaultPipeline.start(name, BROKER.bootstrapServers(), directory, inThisJvm);
    }

    private static void awaitMarker(ChildJvm process, Path marker) {
        await().atMost(FAULT_TIMEOUT).until(() -> {
            assertThat(process.isAlive()).as("the faulty service process is alive").isTrue();
            return Files.exists(marker);
        });
    }
}
