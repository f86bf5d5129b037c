package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.testing.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The k folds of the hyperparameter search ({@link CrossValidationFolds}). */
class CrossValidationFoldsTest {

    /** 90 rows of class "a" and 10 of class "b". */
    private static final List<CleanRecord> ROWS = IntStream.range(0, 100)
            .mapToObj(i -> Batches.record("r-" + i, i < 90 ? "a" : "b", (double) i, 1.0, 0.0, "red")).toList();

    @Test
    void shouldHoldOutEveryRowExactlyOnceAndTrainOnTheRest() {
        List<TrainTestSplit> folds = CrossValidationFolds.of(ROWS, 5, record -> record.getLabel().toString());

        assertThat(folds).hasSize(5);
        List<String> heldOut = new ArrayList<>();
        for (TrainTestSplit fold : folds) {
            assertThat(fold.train().size() + fold.test().size()).isEqualTo(ROWS.size());
            assertThat(fold.train()).doesNotContainAnyElementsOf(fold.test());
            fold.test().forEach(record -> heldOut.add(record.getRecordId()));
        }
        assertThat(heldOut).containsExactlyInAnyOrderElementsOf(ROWS.stream().map(CleanRecord::getRecordId).toList());
    }

    @Test
    void shouldStratifyEveryFoldByClass() {
        for (TrainTestSplit fold : CrossValidationFolds.of(ROWS, 5, record -> record.getLabel().toString())) {
            assertThat(fold.test()).hasSize(20);
            assertThat(fold.test().stream().filter(record -> record.getLabel().equals("b"))).hasSize(2);
        }
    }

    @Test
    void shouldPlaceTheSameRowsInTheSameFoldsWhateverTheirOrder() {
        List<CleanRecord> reversed = new ArrayList<>(ROWS);
        java.util.Collections.reverse(reversed);

        List<TrainTestSplit> original = CrossValidationFolds.of(ROWS, 3, record -> "");
        List<TrainTestSplit> again = CrossValidationFolds.of(reversed, 3, record -> "");

        for (int fold = 0; fold < 3; fold++) {
            assertThat(again.get(fold).test()).containsExactlyInAnyOrderElementsOf(original.get(fold).test());
        }
    }

    @Test
    void shouldUseNoMoreFoldsThanRowsAndRefuseFewerThanTwo() {
        assertThat(CrossValidationFolds.of(ROWS.subList(0, 3), 5, record -> "")).hasSize(3)
                .allSatisfy(fold -> assertThat(fold.test()).hasSize(1));
        assertThatThrownBy(() -> CrossValidationFolds.of(ROWS, 1, record -> "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrossValidationFolds.of(ROWS.subList(0, 1), 5, record -> "")).isInstanceOf(IllegalArgumentException.class);
    }
}
