package io.streamtrain.trainer;

import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ModelTrainer} under the trainer's failure policy: an exception, a missing outcome or an
 * envelope that does not belong to the request becomes {@link TrainingOutcome.Skipped} with the reason, so bad
 * data or a failing fit never stops the service. {@link Error}s are not caught: they stop the trainer.
 */
final class GuardedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedTrainer.class);

    private final ModelTrainer trainer;

    GuardedTrainer(ModelTrainer trainer) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    TrainingOutcome train(TrainingRequest request) {
        TrainingOutcome outcome;
        try {
            outcome = trainer.train(request);
        } catch (InterruptedException e) {
            // Only an abandoned fit is interrupted; its outcome is discarded.
            Thread.currentThread().interrupt();
            return new TrainingOutcome.Skipped("training was interrupted");
        } catch (Exception e) {
            LOG.warn("Training failed on batch {} of pipeline {} (version {})", request.batchId(), request.pipeline(),
                    request.version(), e);
            return new TrainingOutcome.Skipped("training failed: " + e);
        }
        if (outcome == null) {
            return new TrainingOutcome.Skipped("the trainer returned no outcome");
        }
        if (outcome instanceof TrainingOutcome.Trained(ModelEnvelope envelope)) {
            Optional<String> problem = mismatch(envelope, request);
            if (problem.isPresent()) {
                LOG.error("Trainer returned an unusable envelope for batch {}: {}", request.batchId(), problem.get());
                return new TrainingOutcome.Skipped("the trainer returned an unusable envelope: " + problem.get());
            }
        }
        return outcome;
    }

    private static Optional<String> mismatch(ModelEnvelope envelope, TrainingRequest request) {
        if (!request.pipeline().equals(envelope.getPipeline())) {
            return Optional.of("pipeline " + envelope.getPipeline() + ", expected " + request.pipeline());
        }
        if (envelope.getVersion() != request.version()) {
            return Optional.of("version " + envelope.getVersion() + ", expected " + request.version());
        }
        Lineage lineage = envelope.getLineage();
        if (lineage == null || !request.batchId().equals(lineage.getBatchId())) {
            return Optional.of("lineage batch " + (lineage == null ? null : lineage.getBatchId()) + ", expected "
                    + request.batchId());
        }
        return Optional.empty();
    }
}
