package io.streamtrain.trainer.publish;

/**
 * A transaction failed and was aborted: none of its records or offsets are visible to
 * {@code read_committed} readers, and the publisher is ready for the next transaction. The batch's offsets
 * were not committed, so reading the batch again and publishing again is safe.
 */
public final class PublishAbortedException extends RuntimeException {

    public PublishAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
