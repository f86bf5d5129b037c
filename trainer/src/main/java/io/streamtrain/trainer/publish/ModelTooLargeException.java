package io.streamtrain.trainer.publish;

/**
 * A model envelope is too large to publish. Nothing was written; the batch's offsets were not committed.
 * Retrying cannot help: record the batch as skipped instead.
 */
public final class ModelTooLargeException extends RuntimeException {

    public ModelTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
