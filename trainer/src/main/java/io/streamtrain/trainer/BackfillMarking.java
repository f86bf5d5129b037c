package io.streamtrain.trainer;

import io.streamtrain.messages.BackfillOrigin;
import io.streamtrain.messages.BackfillRun;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.trainer.batch.AssembledBatch;

/**
 * Marks the model of a backfill batch (one whose manifest names a backfill run) as such: the run goes into its
 * lineage and its status becomes {@code BACKFILL}, so it is recorded in the history only and never replaces the
 * champion, whatever the gate decided (the gate's scores and reason stay in the decision for the operator who may
 * promote it with {@code models rollback}).
 */
final class BackfillMarking {

    private BackfillMarking() {
    }

    /** {@code envelope} marked as trained on {@code batch}'s backfill run; unchanged for a batch of the live stream. */
    static ModelEnvelope mark(ModelEnvelope envelope, AssembledBatch batch) {
        BackfillRun run = batch.manifest().getBackfill();
        if (run == null) {
            return envelope;
        }
        BackfillOrigin origin = BackfillOrigin.newBuilder().setRunId(run.getRunId()).setRequestedFrom(run.getRequestedFrom())
                .setRequestedTo(run.getRequestedTo()).build();
        String reason = "backfill run " + run.getRunId() + ": recorded in the history only";
        PromotionDecision gate = envelope.getPromotion();
        PromotionDecision decision = gate == null
                ? PromotionDecision.newBuilder().setStatus(PromotionStatus.BACKFILL).setMetric("").setReason(reason).build()
                : PromotionDecision.newBuilder(gate).setStatus(PromotionStatus.BACKFILL)
                        .setReason(reason + "; gate: " + gate.getReason()).build();
        return ModelEnvelope.newBuilder(envelope)
                .setLineage(Lineage.newBuilder(envelope.getLineage()).setBackfill(origin).build())
                .setPromotion(decision)
                .build();
    }
}
