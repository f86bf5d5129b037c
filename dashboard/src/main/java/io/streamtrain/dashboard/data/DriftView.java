package io.streamtrain.dashboard.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the dashboard's drift page shows of one pipeline: the latest {@code DRIFT_REPORT} of a scorer, set beside the
 * test-split metrics of the model version it describes. {@code driftedFeatures} lists the features above the threshold
 * also in a partial report, where the page shows them as "so far".
 *
 * @param source         the scorer instance that reported
 * @param reportedAt     epoch milliseconds of the report
 * @param modelVersion   the model whose traffic was compared with its baseline
 * @param records        scored records in the drift window
 * @param windowRecords  the drift window's size; 0 when the scorer did not say (then the window was full)
 * @param complete       whether the window was full: a partial report gives the PSI so far and is never judged drift
 * @param psiThreshold   PSI above which a feature or the predictions count as drifted
 * @param featurePsi     PSI per feature, by feature name
 * @param predictionPsi  PSI of the predictions; null when the report has none
 * @param driftedFeatures features whose PSI exceeds the threshold, highest first
 * @param labels         late labels joined with this version's predictions; 0 before the first
 * @param metric         the quality compared live and on the test split: {@code accuracy} (classification) or
 *                       {@code rmse} (regression); null while neither is known
 * @param liveValue      the metric from late labels; null before the first label
 * @param testValue      the metric on the version's test split; null while the version's envelope is not known
 * @param lastDetection  the message of the latest {@code DRIFT_DETECTED} event of this version, or null
 */
public record DriftView(String source, long reportedAt, long modelVersion, long records, long windowRecords, boolean complete,
                        double psiThreshold,
                        Map<String, Double> featurePsi, Double predictionPsi, List<String> driftedFeatures, long labels,
                        String metric, Double liveValue, Double testValue, String lastDetection) {

    public DriftView {
        Objects.requireNonNull(source, "source");
        featurePsi = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(featurePsi, "featurePsi")));
        driftedFeatures = List.copyOf(driftedFeatures);
    }
}
