package io.streamtrain.ml.transientmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransientWindowScorerTest {

    private static final Instant SCORED_AT = Instant.parse("2025-01-01T00:02:00Z");

    @Test
    void shouldScoreOnlyTheRecordsWithoutALabelWithVersionZeroAndTheModelsLineage() throws ModelRejectedException {
        List<CleanRecord> window = new ArrayList<>(Batches.separableBinary(200, 3));
        window.add(Batches.record("u-1", null, 16.0, 20.0, 1.0, "red"));
        window.add(request("s-1", "q-1", 4.0, 20.0));
        ModelEnvelope envelope = trained(window);

        List<CleanRecord> toScore = TransientWindowScorer.toScore(window);
        List<TransientWindowScorer.Outcome> outcomes = TransientWindowScorer.score(envelope, toScore, SCORED_AT);

        assertThat(toScore).extracting(CleanRecord::getRecordId).containsExactly("u-1", "s-1");
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(TransientWindowScorer.Outcome.Predicted.class));
        List<Prediction> predictions = outcomes.stream()
                .map(outcome -> ((TransientWindowScorer.Outcome.Predicted) outcome).prediction()).toList();
        assertThat(predictions).extracting(Prediction::getRequestId).containsExactly(envelope.getLineage().getBatchId(), "q-1");
        assertThat(predictions).extracting(Prediction::getLabel).containsExactly("yes", "no");
        assertThat(predictions).allSatisfy(prediction -> {
            assertThat(prediction.getModelVersion()).isEqualTo(TransientWindowScorer.TRANSIENT_VERSION);
            assertThat(prediction.getScoredAt()).isEqualTo(SCORED_AT);
            assertThat(prediction.getLineage().getTrainingRecords()).isEqualTo(200);
            assertThat(prediction.getLineage().getWindowStart()).isEqualTo(Batches.WINDOW_START);
            assertThat(prediction.getLineage().getMetrics()).isEqualTo(envelope.getMetrics());
        });
    }

    @Test
    void shouldReportARecordTheModelCannotScoreWithoutStoppingTheOthers() throws ModelRejectedException {
        List<CleanRecord> window = new ArrayList<>(Batches.separableBinary(200, 3));
        CleanRecord misfit = new CleanRecord("u-bad", Batches.WINDOW_START, List.of(1.0), null, 0, 5L, null);
        window.add(misfit);
        window.add(Batches.record("u-1", null, 16.0, 20.0, 1.0, "red"));

        List<TransientWindowScorer.Outcome> outcomes = TransientWindowScorer.score(trained(window),
                TransientWindowScorer.toScore(window), SCORED_AT);

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(TransientWindowScorer.Outcome.Failed.class,
                failed -> assertThat(failed.detail()).contains("u-bad"));
        assertThat(outcomes.get(1)).isInstanceOf(TransientWindowScorer.Outcome.Predicted.class);
    }

    private static ModelEnvelope trained(List<CleanRecord> window) {
        List<CleanRecord> labelled = window.stream().filter(record -> record.getLabel() != null).toList();
        return ((TrainingOutcome.Trained) new BatchTrainer().train(Batches.request(labelled))).envelope();
    }

    private static CleanRecord request(String id, String requestId, double x1, double x2) {
        return CleanRecord.newBuilder(Batches.record(id, null, x1, x2, 0.0, "blue")).setRequestId(requestId).build();
    }
}
