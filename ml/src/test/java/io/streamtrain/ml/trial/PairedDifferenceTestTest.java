package io.streamtrain.ml.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedDifferenceTestTest {

    @Test
    void shouldMatchScipysOneSidedPairedTTest() {
        double[] labels = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] champion = {1.1, 2.2, 2.7, 4.1, 5.3, 5.6, 7.2, 8.4};
        double[] challenger = {1.4, 1.5, 3.6, 3.5, 5.5, 6.7, 6.4, 8.9};
        RegressionOutcomes outcomes = RegressionOutcomes.NONE;
        for (int i = 0; i < labels.length; i++) {
            outcomes = outcomes.plus(labels[i], champion[i], challenger[i]);
        }

        PairedTestResult result = outcomes.challengerWorse();

        // scipy.stats.ttest_rel(challenger errors², champion errors², alternative='greater')
        assertThat(outcomes.meanDifference()).isCloseTo(0.29125, within(1e-12));
        assertThat(result.statistic()).isCloseTo(5.167580273486963, within(1e-9));
        assertThat(result.pValue()).isCloseTo(0.0006492735604260345, within(1e-9));
        assertThat(outcomes.challengerScore()).isGreaterThan(outcomes.championScore());
    }

    @Test
    void shouldFindNoEvidenceBeforeTwoOutcomes() {
        assertThat(RegressionOutcomes.NONE.challengerWorse().pValue()).isEqualTo(1.0);
        assertThat(RegressionOutcomes.NONE.plus(1, 1, 5).challengerWorse().pValue()).isEqualTo(1.0);
    }

    @Test
    void shouldDecideOnTheSignAloneWhenEveryDifferenceIsTheSame() {
        RegressionOutcomes worse = RegressionOutcomes.NONE.plus(0, 0, 1).plus(5, 5, 6).plus(2, 2, 3);
        RegressionOutcomes better = RegressionOutcomes.NONE.plus(0, 1, 0).plus(5, 6, 5);

        assertThat(worse.challengerWorse().pValue()).isEqualTo(0.0);
        assertThat(better.challengerWorse().pValue()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAnOutcomeThatIsNotFiniteRatherThanPoisonTheCounts() {
        assertThatThrownBy(() -> RegressionOutcomes.NONE.plus(1, Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }
}
