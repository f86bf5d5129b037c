package io.streamtrain.trainer;

import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;

/**
 * Fits one model on one complete batch; in production {@code new BatchTrainer()::train} from the ml module.
 *
 * <p>Called on the trainer's training threads, never on the consumer thread, possibly on several threads at
 * once (see {@link TrainerConfig#THREADS_CONFIG}): implementations must be thread-safe. The returned envelope
 * must carry the request's pipeline, version and batch id. An exception (or an envelope that does not match)
 * turns the batch into a {@code BATCH_SKIPPED} event with the error as reason; the batch is committed and no
 * version is used. An {@link Error} stops the trainer instead, leaving the batch uncommitted. A fit abandoned
 * at shutdown is interrupted; its result is discarded.
 */
@FunctionalInterface
public interface ModelTrainer {

    /** Trains on {@code request}'s records, or says why the batch makes no model. */
    TrainingOutcome train(TrainingRequest request) throws Exception;
}
