package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.BackfillRun;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.batch.AssemblyResult;
import io.streamtrain.trainer.batch.BatchAssembler;
import io.streamtrain.trainer.batch.BatchLimits;
import io.streamtrain.trainer.batch.CommitMetadata;
import io.streamtrain.trainer.batch.CommittedBatches;
import io.streamtrain.trainer.horizon.HorizonSnapshot;
import io.streamtrain.trainer.horizon.WindowHorizon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionBatchesTest {

    private static final TrainingHorizon THREE = new TrainingHorizon(3, Duration.ZERO, 1_000, HorizonSampling.UNIFORM,
            Evaluation.NEWEST_WINDOW, false);

    @Test
    void shouldTrainABackfillWindowOnItsOwnAndKeepItOutOfTheLiveHorizon() {
        PartitionBatches batches = partition(THREE);
        batches.admit(batch("b1", 1, false));
        batches.admit(batch("b2", 2, false));

        HorizonSnapshot backfill = batches.admit(batch("backfill-1", 3, true));
        HorizonSnapshot live = batches.admit(batch("b3", 4, false));

        assertThat(backfill.windows()).isEqualTo(1);
        assertThat(backfill.rows(42).windows()).extracting(LineageWindow::getBatchId).containsExactly("backfill-1");
        assertThat(live.rows(42).windows()).extracting(LineageWindow::getBatchId).containsExactly("b1", "b2", "b3");
    }

    @Test
    void shouldNameTheHorizonStartInTheCommitOnlyWhenModelsLearnFromSeveralWindows() {
        PartitionBatches several = partition(THREE);
        several.admit(batch("b1", 1, false));
        PartitionBatches one = partition(TrainingHorizon.SINGLE_WINDOW);
        HorizonSnapshot alone = one.admit(batch("b1", 1, false));

        assertThat(CommitMetadata.horizonStart(several.commitPoint().metadata())).hasValue(100);
        assertThat(CommitMetadata.horizonStart(one.commitPoint().metadata())).isEmpty();
        assertThat(one.horizon().windows()).isZero();
        assertThat(alone.windows()).isEqualTo(1);
    }

    @Test
    void shouldLetABatchOfMisfitRecordsTrainAloneInsteadOfStoppingTheTrainer() {
        PartitionBatches batches = partition(THREE);
        batches.admit(batch("b1", 1, false));
        AssembledBatch good = batch("b2", 2, false);
        List<CleanRecord> records = new ArrayList<>(good.records());
        records.set(5, CleanRecord.newBuilder(records.get(5)).setFeatures(List.of(1.0)).build());
        AssembledBatch misfit = new AssembledBatch("b2", good.manifest(), records, good.firstOffset(), good.manifestOffset());

        HorizonSnapshot alone = batches.admit(misfit);

        assertThat(alone.windows()).isEqualTo(1);
        assertThat(batches.horizon().windows()).isEqualTo(1);
        assertThat(batches.admit(batch("b3", 3, false)).windows()).isEqualTo(2);
    }

    @Test
    void shouldCommitPastProgressToTheConsumersPositionOnlyWhileNothingWaits() {
        PartitionBatches batches = partition(THREE);
        batches.add(0, progress(1, true));
        assertThat(batches.idleCommitPoint(2)).as("past a progress message and its commit marker").hasValueSatisfying(
                point -> assertThat(point.offset()).isEqualTo(2));
        assertThat(batches.idleCommitPoint(3)).as("nothing read since: a commit marker alone is not committed").isEmpty();

        batches.add(3, TestBatches.chunk("p", "b1", 0, TestBatches.records("b1", 5)));
        batches.add(4, progress(1, true));
        assertThat(batches.idleCommitPoint(6)).as("a batch is incomplete").isEmpty();

        AssemblyResult.Complete complete = (AssemblyResult.Complete) batches.add(5, TestBatches.manifest("p", "b1", 1, 5))
                .getFirst();
        batches.admit(complete.batch());
        assertThat(batches.idleCommitPoint(7)).as("a batch is being trained").isEmpty();
        batches.finish("b1");
        batches.commitPoint();
        batches.add(7, progress(1, false));
        assertThat(batches.idleCommitPoint(9)).hasValueSatisfying(point -> {
            assertThat(point.offset()).isEqualTo(9);
            assertThat(CommitMetadata.horizonStart(point.metadata())).as("the horizon's start is kept").hasValue(3);
        });
    }

    private static BatchMessage progress(int inputPartition, boolean idle) {
        return new BatchMessage("p", "p-progress@p" + inputPartition,
                new PartitionProgress(inputPartition, 2, TestBatches.WINDOW_START, idle));
    }

    private static PartitionBatches partition(TrainingHorizon policy) {
        return new PartitionBatches(new TopicPartition("p.batches", 0), new BatchAssembler(
                new BatchLimits(1_000, 4, Duration.ofMinutes(1)), CommittedBatches.nothingBeyond(0)), 0, new WindowHorizon(policy), 0);
    }

    /** Batch {@code id} of 20 records at batches offsets {@code 100 * i} to {@code 100 * i + 5}. */
    private static AssembledBatch batch(String id, int i, boolean backfill) {
        BatchManifest manifest = (BatchManifest) TestBatches.manifest("p", id, 1, 20, i).getPart();
        if (backfill) {
            manifest.setBackfill(new BackfillRun("run-1", TestBatches.WINDOW_START, null));
        }
        return new AssembledBatch(id, manifest, TestBatches.records(id, 20), 100L * i, 100L * i + 5);
    }
}
