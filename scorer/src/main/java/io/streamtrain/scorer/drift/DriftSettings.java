package io.streamtrain.scorer.drift;

/**
 * How the scorer watches drift and live quality (the {@code scorer.drift.*}, {@code scorer.labels.*},
 * {@code scorer.quality.*} and {@code scorer.retrain.*} keys of {@code ScorerConfig}).
 *
 * @param driftEnabled         whether drift is measured at all
 * @param windowRecords        scored records in the sliding window compared with the baseline
 * @param checkIntervalRecords records between two drift checks, partial ones while the window fills included
 * @param psiThreshold         a feature or the predictions drift when their PSI exceeds this
 * @param reportIntervalMillis least wall-clock time between two {@code DRIFT_REPORT} events
 * @param labelsEnabled        whether late labels are read from the input topic
 * @param joinWindowMillis     how long a prediction waits for its label
 * @param maxPending           most predictions waiting for their label
 * @param minLabels            labels a model version needs before its live quality can trigger a retrain
 * @param minAccuracy          a classification model whose live accuracy falls below this triggers a retrain; 0 never
 * @param maxRmse              a regression model whose live RMSE rises above this triggers a retrain; 0 never
 * @param retrainEnabled       whether drift or poor live quality requests an early window close
 */
public record DriftSettings(boolean driftEnabled, int windowRecords, int checkIntervalRecords, double psiThreshold,
                            long reportIntervalMillis, boolean labelsEnabled, long joinWindowMillis, int maxPending,
                            int minLabels, double minAccuracy, double maxRmse, boolean retrainEnabled) {

    public DriftSettings {
        if (windowRecords < 1 || checkIntervalRecords < 1 || maxPending < 1 || minLabels < 1) {
            throw new IllegalArgumentException("windowRecords, checkIntervalRecords, maxPending and minLabels must be positive, were "
                    + windowRecords + ", " + checkIntervalRecords + ", " + maxPending + " and " + minLabels);
        }
        if (!(psiThreshold > 0) || !(minAccuracy >= 0 && minAccuracy <= 1) || !(maxRmse >= 0)) {
            throw new IllegalArgumentException("psiThreshold must be positive, minAccuracy within [0, 1] and maxRmse not negative, were "
                    + psiThreshold + ", " + minAccuracy + " and " + maxRmse);
        }
        if (reportIntervalMillis < 1 || joinWindowMillis < 1) {
            throw new IllegalArgumentException("reportIntervalMillis and joinWindowMillis must be positive, were "
                    + reportIntervalMillis + " and " + joinWindowMillis);
        }
    }
}
