package io.streamtrain.ml.train;

import static io.streamtrain.ml.testing.Batches.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.testing.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Windows that cannot make a model publish none and say why, for either task; nothing throws. */
class DegenerateWindowTest {

    private final BatchTrainer trainer = new BatchTrainer();

    @Test
    void shouldSkipEmptyWindow() {
        assertThat(skipReason(Task.CLASSIFICATION, "logistic-regression", List.of()))
                .isEqualTo("batch has 0 labelled records, fewer than the minimum of 50 (the batch is empty)");
        assertThat(skipReason(Task.REGRESSION, "linear-regression", List.of())).contains("the batch is empty");
    }

    @Test
    void shouldSkipWindowBelowMinimum() {
        assertThat(skipReason(Task.REGRESSION, "random-forest", Batches.linearTarget(49, 1)))
                .isEqualTo("batch has 49 labelled records, fewer than the minimum of 50");
    }

    @Test
    void shouldSkipWindowOfSingleClass() {
        List<CleanRecord> records = IntStream.range(0, 100).mapToObj(i -> record("s-" + i, "stay", (double) i, 1.0, 0.0, "red")).toList();

        assertThat(skipReason(Task.CLASSIFICATION, "gradient-boosted-trees", records))
                .isEqualTo("batch has a single class [stay]; a classifier needs at least two");
    }

    @Test
    void shouldSkipWindowWithFeatureMissingEverywhere() {
        List<CleanRecord> records = Batches.linearTarget(200, 2).stream()
                .map(r -> record(r.getRecordId(), r.getLabel(), Double.POSITIVE_INFINITY, r.getFeatures().get(1), r.getFeatures().get(2), r.getFeatures().get(3)))
                .toList();

        assertThat(skipReason(Task.REGRESSION, "gradient-boosted-trees", records))
                .isEqualTo("feature x1 has no value in the train split (missing, NaN or infinite everywhere)");
    }

    @Test
    void shouldSkipRegressionWindowWhoseLabelHasZeroVariance() {
        List<CleanRecord> records = IntStream.range(0, 100).mapToObj(i -> record("z-" + i, 3.5, (double) i, 1.0, 0.0, "red")).toList();

        assertThat(skipReason(Task.REGRESSION, "linear-regression", records))
                .isEqualTo("batch's regression label has zero variance (every label is 3.5); there is nothing to learn");
    }

    @Test
    void shouldLeaveOutNonNumericRegressionLabels() {
        List<CleanRecord> records = new ArrayList<>(Batches.linearTarget(300, 4));
        records.add(record("text-label", "high", 1.0, 2.0, 0.0, "red"));
        records.add(record("numeric-text-label", "2.5", 1.0, 2.0, 0.0, "red"));

        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, Batches.settings(Task.REGRESSION, "linear-regression"), records));

        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Trained.class, trained -> {
            var lineage = trained.envelope().getLineage();
            assertThat(lineage.getRecordCount()).isEqualTo(302);
            assertThat(lineage.getTrainCount() + lineage.getTestCount()).isEqualTo(301);
        });
    }

    @Test
    void shouldSkipWhenDroppedRowsLeaveNothingToTest() {
        PreprocessingSpec dropX1 = new PreprocessingSpec(MissingValueRule.of(MissingValueStrategy.MEAN),
                Map.of("x1", MissingValueRule.of(MissingValueStrategy.DROP_ROW)), 100, Scaling.STANDARD, 0.0);
        List<CleanRecord> records = Batches.separableBinary(300, 6).stream()
                .map(r -> TrainTestSplit.isTest(r.getRecordId(), 0.2)
                        ? record(r.getRecordId(), r.getLabel(), null, r.getFeatures().get(1), r.getFeatures().get(2), r.getFeatures().get(3))
                        : r)
                .toList();
        TrainingSettings settings = Batches.settings(Task.CLASSIFICATION, "logistic-regression").withPreprocessing(dropX1);

        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, settings, records));

        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Skipped.class,
                skipped -> assertThat(skipped.reason()).startsWith("test split is empty").contains("after dropped rows"));
    }

    @Test
    void shouldDropRowsMissingADropRowFeatureFromBothSplits() {
        PreprocessingSpec dropX1 = new PreprocessingSpec(MissingValueRule.of(MissingValueStrategy.MEAN),
                Map.of("x1", MissingValueRule.of(MissingValueStrategy.DROP_ROW)), 100, Scaling.STANDARD, 0.0);
        List<CleanRecord> records = Batches.separableBinary(500, 8);
        long withX1 = records.stream().filter(r -> r.getFeatures().get(0) != null).count();
        TrainingSettings settings = Batches.settings(Task.CLASSIFICATION, "logistic-regression").withPreprocessing(dropX1);

        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, settings, records));

        assertThat(withX1).isLessThan(500);
        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Trained.class, trained -> {
            var lineage = trained.envelope().getLineage();
            assertThat(lineage.getTrainCount() + lineage.getTestCount()).isEqualTo(withX1);
        });
    }

    private String skipReason(Task task, String algorithm, List<CleanRecord> records) {
        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, Batches.settings(task, algorithm), records));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Skipped.class);
        return ((TrainingOutcome.Skipped) outcome).reason();
    }
}
