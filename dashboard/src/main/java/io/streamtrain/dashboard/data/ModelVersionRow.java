package io.streamtrain.dashboard.data;

import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One model version of a pipeline's history, with its status.
 *
 * @param status         {@code champion} (on the models topic now), {@code rejected}, {@code rolled back} (newer than
 *                       the champion, which was rolled back to an older version), {@code superseded} (an older champion)
 * @param windowStart    epoch milliseconds
 * @param windowEnd      epoch milliseconds
 * @param createdAt      epoch milliseconds
 */
public record ModelVersionRow(long version, String status, String algorithm, Map<String, Double> metrics, String batchId,
                              long windowStart, long windowEnd, long records, long trainRecords, long testRecords,
                              long trainingMillis, long createdAt) {

    public ModelVersionRow {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(batchId, "batchId");
        metrics = Map.copyOf(metrics);
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
    }

    /** The row of {@code envelope}, before its status is known. */
    public static ModelVersionRow of(ModelEnvelope envelope) {
        Lineage lineage = envelope.getLineage();
        return new ModelVersionRow(envelope.getVersion(), "superseded", envelope.getAlgorithm(), new TreeMap<>(envelope.getMetrics()),
                lineage.getBatchId(), lineage.getWindowStart().toEpochMilli(), lineage.getWindowEnd().toEpochMilli(),
                lineage.getRecordCount(), lineage.getTrainCount(), lineage.getTestCount(), envelope.getTrainingMillis(),
                envelope.getCreatedAt().toEpochMilli());
    }

    public ModelVersionRow withStatus(String newStatus) {
        return new ModelVersionRow(version, newStatus, algorithm, metrics, batchId, windowStart, windowEnd, records, trainRecords,
                testRecords, trainingMillis, createdAt);
    }
}
