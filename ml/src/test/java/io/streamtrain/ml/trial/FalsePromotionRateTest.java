package io.streamtrain.ml.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.DeployStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule's error rates over repeated simulated trials (fixed seeds). "False promotion" is a worse challenger
 * promoted; "false drop" is an equally good one dropped or rolled back, which the significance level bounds.
 */
class FalsePromotionRateTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final int TRIALS = 2000;
    /** Three standard errors of a rate near 0.05 over {@link #TRIALS} trials. */
    private static final double SAMPLING_SLACK = 0.015;

    @Test
    void shouldDropAnEquallyGoodClassifierAtMostAtTheSignificanceLevelInShadow() {
        Map<TrialDecision, Double> shares = new TrialSimulation(new TrialRule(DeployStrategy.SHADOW, 500, DAY, 0.05), 1)
                .classification(TRIALS, 0.80, 0.80, 0.5);

        assertThat(shares.get(TrialDecision.DROP)).isLessThanOrEqualTo(0.05 + SAMPLING_SLACK);
        assertThat(shares.get(TrialDecision.PROMOTE)).isGreaterThanOrEqualTo(0.95 - SAMPLING_SLACK);
    }

    @Test
    void shouldKeepACanarysFalseRollbacksAndDropsWithinTwiceTheSignificanceLevel() {
        Map<TrialDecision, Double> shares = new TrialSimulation(new TrialRule(DeployStrategy.CANARY, 500, DAY, 0.05), 2)
                .classification(TRIALS, 0.80, 0.80, 0.5);

        assertThat(shares.get(TrialDecision.ROLLBACK)).isLessThanOrEqualTo(0.05 + SAMPLING_SLACK);
        assertThat(shares.get(TrialDecision.ROLLBACK) + shares.get(TrialDecision.DROP)).isLessThanOrEqualTo(0.10 + SAMPLING_SLACK);
    }

    @Test
    void shouldPromoteABetterClassifierAndMostlyStopAClearlyWorseOne() {
        TrialRule rule = new TrialRule(DeployStrategy.CANARY, 500, DAY, 0.05);

        Map<TrialDecision, Double> better = new TrialSimulation(rule, 3).classification(TRIALS, 0.80, 0.85, 0.5);
        Map<TrialDecision, Double> worse = new TrialSimulation(rule, 4).classification(TRIALS, 0.80, 0.70, 0.5);

        assertThat(better.get(TrialDecision.PROMOTE)).isGreaterThanOrEqualTo(0.99);
        assertThat(worse.get(TrialDecision.PROMOTE)).isLessThanOrEqualTo(0.01);
        // Most of the clearly worse canaries are stopped at an interim look, before the minimum labels.
        assertThat(worse.get(TrialDecision.ROLLBACK)).isGreaterThan(0.5);
    }

    @Test
    void shouldPromoteFewerWorseClassifiersTheMoreLabelsATrialWaitsFor() {
        List<String> table = new ArrayList<>();
        for (double effect : new double[] {0.02, 0.05, 0.10}) {
            double previous = 1.0;
            for (long minLabels : new long[] {200, 500, 1000, 2000}) {
                double falsePromotion = new TrialSimulation(new TrialRule(DeployStrategy.SHADOW, minLabels, DAY, 0.05), minLabels)
                        .classification(500, 0.80, 0.80 - effect, 0.5).get(TrialDecision.PROMOTE);
                table.add(String.format(Locale.ROOT, "accuracy -%.2f, %d labels: false promotion %.3f", effect, minLabels, falsePromotion));
                assertThat(falsePromotion).isLessThanOrEqualTo(previous + 0.05);
                previous = falsePromotion;
            }
        }
        // The benchmark table in BENCHMARKS.md comes from this output.
        table.forEach(System.out::println);
    }

    @Test
    void shouldDropAnEquallyGoodRegressorAtMostAtTheSignificanceLevelAndStopAWorseOne() {
        TrialRule rule = new TrialRule(DeployStrategy.SHADOW, 500, DAY, 0.05);

        Map<TrialDecision, Double> equal = new TrialSimulation(rule, 5).regression(1000, 1.0, 1.0, 0.5);
        Map<TrialDecision, Double> worse = new TrialSimulation(rule, 6).regression(1000, 1.0, 1.2, 0.5);

        assertThat(equal.get(TrialDecision.DROP)).isLessThanOrEqualTo(0.05 + 0.02);
        assertThat(worse.get(TrialDecision.PROMOTE)).isLessThanOrEqualTo(0.05);
    }
}
