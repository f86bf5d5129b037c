package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import org.junit.jupiter.api.Test;

class GuardedTrainerTest {

    private final TrainingRequest request = TestBatches.request("churn", 4, "b-4", 60);

    @Test
    void shouldPassThroughAMatchingEnvelope() {
        TrainingOutcome outcome = new GuardedTrainer(new FakeTrainer()).train(request);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
    }

    @Test
    void shouldTurnAnExceptionIntoASkipWithTheReason() {
        TrainingOutcome outcome = new GuardedTrainer(r -> {
            throw new IllegalArgumentException("singular matrix");
        }).train(request);

        assertThat(outcome).isEqualTo(new TrainingOutcome.Skipped(
                "training failed: java.lang.IllegalArgumentException: singular matrix"));
    }

    @Test
    void shouldSkipAnEnvelopeOfAnotherVersion() {
        ModelEnvelope wrong = ModelEnvelope.newBuilder(FakeTrainer.envelope(request)).setVersion(5).build();

        TrainingOutcome outcome = new GuardedTrainer(r -> new TrainingOutcome.Trained(wrong)).train(request);

        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Skipped.class,
                skipped -> assertThat(skipped.reason()).contains("version 5, expected 4"));
    }

    @Test
    void shouldSkipAMissingOutcome() {
        assertThat(new GuardedTrainer(r -> null).train(request)).isInstanceOf(TrainingOutcome.Skipped.class);
    }

    @Test
    void shouldLetErrorsThrough() {
        GuardedTrainer guarded = new GuardedTrainer(r -> {
            throw new OutOfMemoryError("test");
        });

        assertThatThrownBy(() -> guarded.train(request)).isInstanceOf(OutOfMemoryError.class);
    }
}
