package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.trainer.TrainingScheduler.Finished;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.horizon.ColumnarWindow;
import io.streamtrain.trainer.horizon.HorizonSnapshot;
import io.streamtrain.messages.BatchManifest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainingSchedulerTest {

    private static final TopicPartition P0 = new TopicPartition("churn.batches", 0);
    private static final TopicPartition P1 = new TopicPartition("churn.batches", 1);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final FakeTrainer trainer = new FakeTrainer();
    private TrainingScheduler scheduler;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void shouldStartOneFitAtATimeWithOneThread() {
        submitBlockedAThenB(1, 60);

        scheduler.startFits(1);
        await().atMost(PATIENCE).until(() -> trainer.requestsFor("A") == 1);
        assertThat(trainer.requestsFor("B")).isZero();

        trainer.release("A");
        Finished a = awaitFinished(1);
        scheduler.startFits(2);
        Finished b = awaitFinished(2);

        assertThat(a.batch().batchId()).isEqualTo("A");
        assertThat(versionOf(a)).isEqualTo(1);
        assertThat(versionOf(b)).isEqualTo(2);
    }

    @Test
    void shouldHandOutOutcomesInStartOrderWhenALaterFitFinishesFirst() {
        submitBlockedAThenB(2, 60);
        scheduler.startFits(1);
        await().atMost(PATIENCE).until(() -> trainer.requests().size() == 2);

        assertThat(scheduler.nextFinished(1)).isEmpty();
        trainer.release("A");

        assertThat(awaitFinished(1).batch().batchId()).isEqualTo("A");
        Finished b = awaitFinished(2);
        assertThat(versionOf(b)).isEqualTo(2);
        assertThat(trainer.requestsFor("B")).isEqualTo(1);
    }

    @Test
    void shouldTrainAgainWithTheFreedVersionWhenAnEarlierFitMadeNoModel() {
        submitBlockedAThenB(2, 3);
        scheduler.startFits(1);
        await().atMost(PATIENCE).until(() -> trainer.requests().size() == 2);
        trainer.release("A");

        Finished a = awaitFinished(1);
        Finished b = awaitFinished(1);

        assertThat(a.outcome()).isInstanceOf(TrainingOutcome.Skipped.class);
        assertThat(versionOf(b)).isEqualTo(1);
        assertThat(trainer.requests()).filteredOn(r -> r.batchId().equals("B"))
                .extracting(TrainingRequest::version).containsExactly(2L, 1L);
    }

    @Test
    void shouldForgetTheFitsOfDroppedPartitions() {
        scheduler = scheduler(2);
        trainer.blockOn("A");
        submit(P0, batch("A", 60));
        scheduler.startFits(1);
        await().atMost(PATIENCE).until(() -> trainer.requestsFor("A") == 1);

        scheduler.drop(List.of(P0));

        assertThat(scheduler.fitting()).isFalse();
        assertThat(scheduler.nextFinished(1)).isEmpty();
    }

    /**
     * A scheduler of {@code threads} fit threads with batch A ({@code rowsOfA} records, whose fit blocks until released)
     * waiting on partition 0 and batch B (60 records) on partition 1.
     */
    private void submitBlockedAThenB(int threads, int rowsOfA) {
        scheduler = scheduler(threads);
        trainer.blockOn("A");
        submit(P0, batch("A", rowsOfA));
        submit(P1, batch("B", 60));
    }

    private TrainingScheduler scheduler(int threads) {
        return new TrainingScheduler(new GuardedTrainer(trainer),
                (batch, horizon, version) -> TestBatches.request("churn", version, batch.batchId(), batch.records().size()),
                threads, "test-fit-");
    }

    private void submit(TopicPartition partition, AssembledBatch batch) {
        scheduler.submit(partition, batch, HorizonSnapshot.single(ColumnarWindow.lineageOf(batch, partition.partition()),
                TrainingHorizon.SINGLE_WINDOW));
    }

    private Finished awaitFinished(long nextVersion) {
        return await().atMost(PATIENCE).until(() -> scheduler.nextFinished(nextVersion), Optional::isPresent).get();
    }

    private static long versionOf(Finished finished) {
        assertThat(finished.outcome()).isInstanceOf(TrainingOutcome.Trained.class);
        long version = ((TrainingOutcome.Trained) finished.outcome()).envelope().getVersion();
        assertThat(version).isEqualTo(finished.version());
        return version;
    }

    private static AssembledBatch batch(String id, int records) {
        BatchManifest manifest = (BatchManifest) TestBatches.manifest("churn", id, 1, records).getPart();
        return new AssembledBatch(id, manifest, TestBatches.records(id, records), 0, 1);
    }
}
