package io.streamtrain.trainer.publish;

import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The publisher cannot write any more: {@code TransactionErrorPolicy} says to stop (another trainer with the same
 * transactional id fenced it, the cluster refused authentication or authorisation) or to replace the producer
 * (which needs a fresh read of the version ledger, so a restart of the trainer). The open
 * transaction (if any) is never committed. Stop the trainer; the batch will be trained by whoever owns the
 * pipeline now.
 */
public final class PublisherFailedException extends RuntimeException {

    public PublisherFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when another instance with the same transactional id took over. */
    public boolean fenced() {
        return getCause() instanceof ProducerFencedException;
    }
}
