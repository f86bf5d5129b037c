package io.streamtrain.dashboard.data;

import java.util.Map;
import java.util.Objects;

/**
 * What the dashboard's overview shows of one pipeline at one moment.
 *
 * @param recordsPerSecond     input records per second between the last two samples
 * @param predictionsPerSecond predictions-topic offsets per second between the last two samples
 * @param trainingStatus       {@code idle}, or {@code training} with the number of closed windows not yet trained
 * @param currentVersion       the champion on the models topic; 0 before the first model
 * @param latestPublished      the highest version the trainer published; 0 before the first model
 * @param servedByInstance     scorer instance to the model version it last loaded
 * @param trial                the trial on live traffic in force; null when none runs
 */
public record PipelineOverview(String pipeline, long recordsIn, double recordsPerSecond, long deadLettered, long windowsClosed,
                               long modelsPublished, long modelsRejected, long modelsRefused, long predictions,
                               double predictionsPerSecond, Map<String, Long> consumerLag, String trainingStatus,
                               long currentVersion, long latestPublished, Map<String, Long> servedByInstance,
                               RunningTrial trial) {

    public PipelineOverview {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(trainingStatus, "trainingStatus");
        consumerLag = Map.copyOf(consumerLag);
        servedByInstance = Map.copyOf(servedByInstance);
    }
}
