package io.streamtrain.ml.gate;

import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a challenger replaces the champion: promoted when its metric on its own test split is no worse
 * than the champion's on the same split, within {@code tolerance}. With the gate off, without a champion, or when
 * either model lacks the metric, the challenger is promoted and the decision says why.
 *
 * @param enabled   false: every challenger is promoted
 * @param metric    the metric compared
 * @param tolerance how much worse the challenger may be, at least 0
 */
public record PromotionGate(boolean enabled, GateMetric metric, double tolerance) {

    public PromotionGate {
        Objects.requireNonNull(metric, "metric");
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number of at least 0, was " + tolerance);
        }
    }

    /** The decision on a challenger with {@code challengerMetrics} against {@code champion}, if there is one. */
    public PromotionDecision decide(Map<String, Double> challengerMetrics, Optional<ChampionScore> champion) {
        Double challenger = finite(challengerMetrics.get(metric.metricName()));
        PromotionDecision.Builder decision = PromotionDecision.newBuilder()
                .setMetric(metric.metricName())
                .setHigherIsBetter(metric.higherIsBetter())
                .setTolerance(tolerance)
                .setChallengerScore(challenger)
                .setStatus(PromotionStatus.PROMOTED);
        if (!enabled) {
            return decision.setReason("the gate is off").build();
        }
        if (champion.isEmpty()) {
            return decision.setReason("no champion to compare with").build();
        }
        Double championScore = finite(champion.get().metrics().get(metric.metricName()));
        decision.setChampionVersion(champion.get().version()).setChampionScore(championScore);
        if (challenger == null || championScore == null) {
            return decision.setReason(metric.metricName() + " is not available for the "
                    + (challenger == null ? "challenger" : "champion") + "; promoted without comparison").build();
        }
        double margin = metric.higherIsBetter() ? challenger - championScore : championScore - challenger;
        boolean promoted = margin >= -tolerance;
        String comparison = String.format(Locale.ROOT, "%s %.4f against champion version %d's %.4f (tolerance %.4f)",
                metric.metricName(), challenger, champion.get().version(), championScore, tolerance);
        return decision
                .setStatus(promoted ? PromotionStatus.PROMOTED : PromotionStatus.REJECTED)
                .setReason(promoted ? comparison : comparison + ": worse by "
                        + String.format(Locale.ROOT, "%.4f", -margin))
                .build();
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
