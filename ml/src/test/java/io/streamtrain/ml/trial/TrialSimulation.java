package io.streamtrain.ml.trial;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Repeated simulated trials: how often the rule reaches each decision for two models of known live quality. Each
 * request's correctness (classification) or error (regression) is drawn so that the two models agree on a request
 * with probability {@code sharedShare}, as models trained on overlapping data do, and independently otherwise.
 */
final class TrialSimulation {

    private final TrialRule rule;
    private final SplittableRandom random;

    TrialSimulation(TrialRule rule, long seed) {
        this.rule = rule;
        this.random = new SplittableRandom(seed);
    }

    /** Share of {@code trials} ending in each decision, for classifiers of the given live accuracy. */
    Map<TrialDecision, Double> classification(int trials, double championAccuracy, double challengerAccuracy, double sharedShare) {
        return shares(trials, ClassificationOutcomes.NONE, outcomes -> {
            double champion = random.nextDouble();
            double challenger = random.nextDouble() < sharedShare ? champion : random.nextDouble();
            return outcomes.plus(champion < championAccuracy, challenger < challengerAccuracy);
        });
    }

    /** Share of {@code trials} ending in each decision, for regressors whose errors are normal with these spreads. */
    Map<TrialDecision, Double> regression(int trials, double championErrorSd, double challengerErrorSd, double sharedShare) {
        return shares(trials, RegressionOutcomes.NONE, outcomes -> {
            double championNoise = gaussian();
            double challengerNoise = random.nextDouble() < sharedShare ? championNoise : gaussian();
            return outcomes.plus(0.0, championErrorSd * championNoise, challengerErrorSd * challengerNoise);
        });
    }

    /**
     * Runs {@code trials} trials, each from {@code none} adding one request's outcome at a time until the rule's verdict
     * is final, and returns the share of trials ending in each decision.
     */
    private <O extends PairedOutcomes> Map<TrialDecision, Double> shares(int trials, O none, UnaryOperator<O> nextRequest) {
        Map<TrialDecision, Integer> counts = new EnumMap<>(TrialDecision.class);
        for (int trial = 0; trial < trials; trial++) {
            O outcomes = none;
            TrialVerdict verdict;
            do {
                outcomes = nextRequest.apply(outcomes);
                verdict = rule.decide(outcomes, Duration.ZERO);
            } while (!verdict.isFinal());
            counts.merge(verdict.decision(), 1, Integer::sum);
        }
        return shares(counts, trials);
    }

    private double gaussian() {
        // Box-Muller; SplittableRandom has no nextGaussian of its own on every JDK this builds with.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static Map<TrialDecision, Double> shares(Map<TrialDecision, Integer> counts, int trials) {
        Map<TrialDecision, Double> shares = new EnumMap<>(TrialDecision.class);
        for (TrialDecision decision : TrialDecision.values()) {
            shares.put(decision, counts.getOrDefault(decision, 0) / (double) trials);
        }
        return shares;
    }
}
