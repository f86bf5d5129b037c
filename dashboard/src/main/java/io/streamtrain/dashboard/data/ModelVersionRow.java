package io.streamtrain.dashboard.data;

import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One model version of a pipeline's history, with its status.
 *
 * @param status         {@code champion} (on the models topic now), {@code pinned} (the version the pipeline is pinned to,
 *                       normally the champion), {@code rejected} (by the gate), {@code held} (trained while the pipeline was pinned),
 *                       {@code backfill} (trained by a backfill run), {@code rolled back} (newer than the champion, which
 *                       was rolled back to an older version), {@code superseded} (an older champion)
 * @param windowStart    epoch milliseconds
 * @param windowEnd      epoch milliseconds
 * @param createdAt      epoch milliseconds
 * @param horizon        the windows the model learned from (its lineage's horizon); one window for a model from
 *                       before training horizons
 */
public record ModelVersionRow(long version, String status, String algorithm, Map<String, Double> metrics, String batchId,
                              long windowStart, long windowEnd, long records, long trainRecords, long testRecords,
                              long trainingMillis, long createdAt, Horizon horizon) {

    /**
     * How much a model learned from.
     *
     * @param windows       windows of its horizon, the triggering one included
     * @param firstBatchId  the oldest window's batch id
     * @param oldestStart   the oldest window's start, epoch milliseconds
     * @param rowsAvailable records in those windows
     * @param rowsUsed      records the fit used after sampling
     * @param sampling      the sampling policy ({@code train.horizon.sampling})
     * @param refit         whether the published model was fit again on every row after evaluation
     */
    public record Horizon(int windows, String firstBatchId, long oldestStart, long rowsAvailable, long rowsUsed,
                          String sampling, boolean refit) {

        public Horizon {
            Objects.requireNonNull(firstBatchId, "firstBatchId");
            Objects.requireNonNull(sampling, "sampling");
            if (windows < 1) {
                throw new IllegalArgumentException("a horizon has at least one window, had " + windows);
            }
        }

        /** The horizon that {@code lineage} names, or its own window alone when it names none. */
        static Horizon of(Lineage lineage) {
            HorizonFacts facts = lineage.getHorizon();
            if (facts == null || facts.getWindows().isEmpty()) {
                return new Horizon(1, lineage.getBatchId(), lineage.getWindowStart().toEpochMilli(), lineage.getRecordCount(),
                        lineage.getRecordCount(), "none", false);
            }
            LineageWindow oldest = facts.getWindows().getFirst();
            return new Horizon(facts.getWindows().size(), oldest.getBatchId(), oldest.getWindowStart().toEpochMilli(),
                    facts.getRowsAvailable(), facts.getRowsUsed(), facts.getSampling(), facts.getRefit());
        }
    }

    public ModelVersionRow {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(horizon, "horizon");
        metrics = Map.copyOf(metrics);
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
    }

    /**
     * The row of {@code envelope}, with the status its own promotion decision gives it ({@code rejected}, {@code held},
     * {@code backfill}) or {@code superseded}; whether it is the champion is known only from the models topic.
     */
    public static ModelVersionRow of(ModelEnvelope envelope) {
        Lineage lineage = envelope.getLineage();
        return new ModelVersionRow(envelope.getVersion(), recordedStatus(envelope.getPromotion()), envelope.getAlgorithm(), new TreeMap<>(envelope.getMetrics()),
                lineage.getBatchId(), lineage.getWindowStart().toEpochMilli(), lineage.getWindowEnd().toEpochMilli(),
                lineage.getRecordCount(), lineage.getTrainCount(), lineage.getTestCount(), envelope.getTrainingMillis(),
                envelope.getCreatedAt().toEpochMilli(), Horizon.of(lineage));
    }

    /** Whether the trainer recorded this version without promoting it. */
    public boolean recordedOnly() {
        return !status.equals("superseded");
    }

    private static String recordedStatus(PromotionDecision decision) {
        if (decision == null) {
            return "superseded";
        }
        return switch (decision.getStatus()) {
            case PROMOTED -> "superseded";
            case REJECTED -> "rejected";
            case HELD -> "held";
            case BACKFILL -> "backfill";
            case TRIAL -> "on trial";
        };
    }

    public ModelVersionRow withStatus(String newStatus) {
        return new ModelVersionRow(version, newStatus, algorithm, metrics, batchId, windowStart, windowEnd, records, trainRecords,
                testRecords, trainingMillis, createdAt, horizon);
    }
}
