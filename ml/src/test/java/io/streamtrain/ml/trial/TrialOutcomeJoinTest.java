package io.streamtrain.ml.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.ml.trial.TrialOutcomeJoin.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrialOutcomeJoinTest {

    private static final long CHAMPION = 3;
    private static final long CHALLENGER = 4;

    @Test
    void shouldCountARecordOnceItHasBothPredictionsAndALabelInAnyOrder() {
        TrialOutcomeJoin join = new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 100);

        assertThat(join.label("a", "churn")).isFalse();
        assertThat(join.prediction("a", CHALLENGER, new Prediction("churn", null))).isFalse();
        assertThat(join.prediction("a", CHAMPION, new Prediction("stay", null))).isTrue();

        assertThat(join.outcomes()).isEqualTo(new ClassificationOutcomes(0, 0, 1, 0));
    }

    @Test
    void shouldCountNothingTwiceWhenRecordsAreScoredOrLabelledAgain() {
        TrialOutcomeJoin join = new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 100);
        join.prediction("a", CHAMPION, new Prediction("stay", null));
        join.prediction("a", CHALLENGER, new Prediction("stay", null));
        join.label("a", "stay");

        // A retried transaction's predictions, and a second label, arrive after the record was counted.
        assertThat(join.prediction("a", CHAMPION, new Prediction("churn", null))).isFalse();
        assertThat(join.prediction("a", CHALLENGER, new Prediction("churn", null))).isFalse();
        assertThat(join.label("a", "churn")).isFalse();

        assertThat(join.outcomes()).isEqualTo(new ClassificationOutcomes(1, 0, 0, 0));
    }

    @Test
    void shouldReachTheSameCountsWhateverOrderTheThreeTopicsAreReadIn() {
        List<TrialOutcomeJoin> joins = List.of(new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 10_000),
                new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 10_000));
        Random random = new Random(7);
        List<String[]> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String id = "r-" + i;
            events.add(new String[] {id, "champion", random.nextDouble() < 0.8 ? "stay" : "churn"});
            events.add(new String[] {id, "challenger", random.nextDouble() < 0.7 ? "stay" : "churn"});
            events.add(new String[] {id, "label", "stay"});
            events.add(events.get(events.size() - 3)); // the champion's prediction again, as a retried transaction writes it
        }
        List<String[]> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(11));

        feedInOrder(joins.get(0), events);
        feedInOrder(joins.get(1), shuffled);

        assertThat(joins.get(0).outcomes().outcomes()).isEqualTo(500);
        assertThat(joins.get(1).outcomes()).isEqualTo(joins.get(0).outcomes());
    }

    @Test
    void shouldIgnorePredictionsOfOtherVersions() {
        TrialOutcomeJoin join = new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 100);
        join.prediction("a", 2, new Prediction("stay", null));
        join.prediction("a", CHALLENGER, new Prediction("stay", null));

        assertThat(join.label("a", "stay")).isFalse();
        assertThat(join.outcomes().outcomes()).isZero();
    }

    @Test
    void shouldPairSquaredErrorsForRegressionAndLeaveOutLabelsThatAreNoNumber() {
        TrialOutcomeJoin join = new TrialOutcomeJoin(CHAMPION, CHALLENGER, true, 100);
        join.prediction("a", CHAMPION, new Prediction(null, 10.0));
        join.prediction("a", CHALLENGER, new Prediction(null, 13.0));
        join.label("a", 11.0);
        join.prediction("b", CHAMPION, new Prediction(null, 1.0));
        join.prediction("b", CHALLENGER, new Prediction(null, 1.0));
        join.label("b", "n/a");

        RegressionOutcomes outcomes = (RegressionOutcomes) join.outcomes();
        assertThat(outcomes.outcomes()).isEqualTo(1);
        assertThat(outcomes.meanDifference()).isEqualTo(4.0 - 1.0);
        assertThat(join.unusable()).isEqualTo(1);
    }

    @Test
    void shouldDropTheOldestWaitingRecordBeyondTheBound() {
        TrialOutcomeJoin join = new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 2);
        join.prediction("a", CHAMPION, new Prediction("stay", null));
        join.prediction("b", CHAMPION, new Prediction("stay", null));
        join.prediction("c", CHAMPION, new Prediction("stay", null));

        join.prediction("a", CHALLENGER, new Prediction("stay", null));
        join.label("a", "stay");

        assertThat(join.evicted()).isEqualTo(2);
        assertThat(join.outcomes().outcomes()).isZero();
    }

    @Test
    void shouldRefuseAPredictionWithNeitherOrBothOfClassAndValue() {
        assertThatThrownBy(() -> new Prediction(null, null)).hasMessageContaining("a class or a value");
        assertThatThrownBy(() -> new Prediction("stay", 1.0)).hasMessageContaining("a class or a value");
    }

    private static void feedInOrder(TrialOutcomeJoin join, List<String[]> events) {
        for (String[] event : events) {
            switch (event[1]) {
                case "champion" -> join.prediction(event[0], CHAMPION, new Prediction(event[2], null));
                case "challenger" -> join.prediction(event[0], CHALLENGER, new Prediction(event[2], null));
                default -> join.label(event[0], event[2]);
            }
        }
    }
}
