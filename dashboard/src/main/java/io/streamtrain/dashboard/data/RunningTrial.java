package io.streamtrain.dashboard.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A trial on live traffic as its newest {@code TRIAL_PROGRESS} event reports it (trainer README and the event's
 * attributes in {@code TrainerEvents}): what the overview's trial panel shows until the trial is decided.
 *
 * @param canaryShare         the share of request ids the challenger answers; null in shadow
 * @param outcomes            labelled requests both models scored so far
 * @param championScore       the champion's live score on them (accuracy, or RMSE for regression); null before the first
 * @param championOnlyRight   classification: requests only the champion got right; null for regression
 * @param pValue              the one-sided paired test "the challenger is worse" so far
 * @param startedAt           epoch milliseconds
 * @param endsBy              epoch milliseconds when it times out unless {@code minLabels} outcomes decide it first
 * @param reportedAt          epoch milliseconds of the report
 */
public record RunningTrial(long championVersion, long challengerVersion, String strategy, Double canaryShare, long outcomes,
                           long minLabels, Double championScore, Double challengerScore, Long championOnlyRight,
                           Long challengerOnlyRight, double pValue, long startedAt, long endsBy, long reportedAt) {

    public RunningTrial {
        Objects.requireNonNull(strategy, "strategy");
    }

    /** The trial a {@code TRIAL_PROGRESS} event reports; empty when an attribute it needs is missing or malformed. */
    static Optional<RunningTrial> of(EventView progress) {
        try {
            return Optional.of(new RunningTrial(whole(progress, "championVersion"), whole(progress, "challengerVersion"),
                    Objects.requireNonNull(progress.attribute("strategy"), "strategy"), decimalOrNull(progress, "canaryShare"),
                    whole(progress, "outcomes"), whole(progress, "minLabels"), decimalOrNull(progress, "championScore"),
                    decimalOrNull(progress, "challengerScore"), wholeOrNull(progress, "championOnlyRight"),
                    wholeOrNull(progress, "challengerOnlyRight"), Double.parseDouble(progress.attribute("pValue")),
                    whole(progress, "startedAt"), whole(progress, "endsBy"), progress.time()));
        } catch (NullPointerException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long whole(EventView event, String attribute) {
        return Long.parseLong(event.attribute(attribute));
    }

    private static Long wholeOrNull(EventView event, String attribute) {
        return event.attribute(attribute) == null ? null : whole(event, attribute);
    }

    private static Double decimalOrNull(EventView event, String attribute) {
        return event.attribute(attribute) == null ? null : Double.parseDouble(event.attribute(attribute));
    }
}
