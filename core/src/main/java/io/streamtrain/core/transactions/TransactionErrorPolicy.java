package io.streamtrain.core.transactions;

import java.util.Objects;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one policy for errors of an exactly-once loop: a transactional producer, and the consumer whose offsets it
 * commits in its transactions (the scorer's {@code ScoringLoop}, the trainer's {@code ModelPublisher}). Each error
 * is classified by the first of these that matches it or any of its causes:
 * <ol>
 *   <li>{@link Action#STOP}: another instance took over (a producer with the same transactional id, or a member with
 *       the same group instance id: {@link ProducerFencedException}, {@link FencedInstanceIdException}), or the
 *       cluster refuses this client as configured ({@link AuthenticationException}, {@link AuthorizationException},
 *       {@link UnsupportedVersionException}), or the producer was used in an illegal state
 *       ({@link IllegalStateException}, a bug). No retry can help and retrying would fight the other instance; the
 *       component stops and reports itself unhealthy.</li>
 *   <li>{@link Action#REPLACE_CLIENTS}: the producer can no longer be used but new clients can go on (the other
 *       {@link ApplicationRecoverableException}s, such as an invalid producer epoch or id mapping, and
 *       {@link OutOfOrderSequenceException}, which Kafka's producer documents as fatal for a transactional producer).
 *       The component closes its transactional clients and continues with new ones from the committed offsets.</li>
 *   <li>{@link Action#ABORT_AND_RETRY}: any other error: the transaction is aborted and its input is processed again
 *       from the last committed offsets.</li>
 * </ol>
 */
public final class TransactionErrorPolicy {

    /** What to do after the error. */
    public enum Action {
        /** Stop for good: retrying cannot help. */
        STOP,
        /** Close the transactional clients and continue with new ones. */
        REPLACE_CLIENTS,
        /** Abort the transaction and process its input again. */
        ABORT_AND_RETRY
    }

    /**
     * The decision for an error.
     *
     * @param action what to do
     * @param cause  the error in the cause chain that decided it; the error itself for {@link Action#ABORT_AND_RETRY}
     */
    public record Verdict(Action action, Throwable cause) {
        public Verdict {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(cause, "cause");
        }

        /** True when another producer with the same transactional id took over. */
        public boolean fenced() {
            return cause instanceof ProducerFencedException;
        }
    }

    private TransactionErrorPolicy() {
    }

    /** Classifies {@code error} by itself and its causes; see the class comment for the order. */
    public static Verdict classify(Throwable error) {
        Objects.requireNonNull(error, "error");
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (mustStop(t)) {
                return new Verdict(Action.STOP, t);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            // Fencing is an ApplicationRecoverableException too, but was decided above: a new producer would be fenced again.
            if (t instanceof ApplicationRecoverableException || t instanceof OutOfOrderSequenceException) {
                return new Verdict(Action.REPLACE_CLIENTS, t);
            }
        }
        return new Verdict(Action.ABORT_AND_RETRY, error);
    }

    private static boolean mustStop(Throwable t) {
        return t instanceof ProducerFencedException || t instanceof FencedInstanceIdException
                || t instanceof AuthenticationException || t instanceof AuthorizationException
                || t instanceof UnsupportedVersionException || t instanceof IllegalStateException;
    }
}
