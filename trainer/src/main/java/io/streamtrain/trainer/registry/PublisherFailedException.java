package io.streamtrain.trainer.registry;

import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The publisher cannot write any more: another trainer with the same transactional id fenced it, the
 * cluster refused authorisation, or the producer reached a state Kafka allows no recovery from. The open
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
