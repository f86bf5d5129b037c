package io.streamtrain.registry;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.PromotionStatus;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which versions may replace the one being served: a version the gate promoted that is newer than it, or the version
 * named by an operator's rollback record ({@link ModelRollback} on {@code <p>.models}) written after the served model
 * arrived. Anything else is refused, however well it is signed: a replayed history record of a version the gate
 * rejected, held or marked as backfill, and any older version without a rollback record in front of it. So the served
 * version never goes backwards except by an audited rollback, and each rollback record allows one change.
 *
 * <p>This is the one definition of what is current on {@code <p>.models}: the scorer serves by it, the trainer's champion,
 * {@code streamtrain score} and the dashboard follow it, so all of them agree on the current version. It judges a
 * sequence of records it is given (no Kafka I/O): each reader hands it the records in topic order and tells it, with
 * {@link #served}, which allowed version it took. Signatures are checked before, by whoever decodes the records
 * ({@link ModelsTopicJudge} for readers that need nothing else).
 *
 * <p>Offsets are those of the single-partition models topic, where a rollback record is written just before the
 * version it names. Not thread-safe: each reader keeps its own and uses it from one thread.
 */
public final class ServingPolicy {

    /** Why a version may be served. */
    public enum Basis {
        /** The gate promoted it and it is newer than the one served. */
        PROMOTED,
        /** An operator rolled back to it. */
        ROLLBACK,
        /** At start, nothing on the models topic could be served; the newest allowed version of the history is. */
        HISTORY;

        /** How events name the basis. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The verdict on one envelope. */
    public sealed interface Decision {
        /** It may be served; {@code operator} is set for a rollback. */
        record Serve(Basis basis, Optional<String> operator) implements Decision {
        }

        /** It must not be served, for {@code reason}. */
        record Refuse(String reason) implements Decision {
        }

        /** It is the version already served: nothing changes. */
        record Unchanged() implements Decision {
        }
    }

    private static final long NONE = -1;

    private long servedVersion = NONE;
    private long servedOffset = NONE;
    private ModelRollback rollback;
    private long rollbackOffset = NONE;

    /** Records an operator's rollback read at {@code offset}; it allows its version once, if it arrives after it. */
    public void authorise(ModelRollback record, long offset) {
        this.rollback = Objects.requireNonNull(record, "record");
        this.rollbackOffset = offset;
    }

    /** Whether {@code envelope}, read at {@code offset} of the models topic, may replace the served model. */
    public Decision decide(ModelEnvelope envelope, long offset) {
        long version = envelope.getVersion();
        if (rollback != null && rollback.getVersion() == version && rollbackOffset > servedOffset && rollbackOffset < offset) {
            return new Decision.Serve(Basis.ROLLBACK, Optional.of(rollback.getOperator()));
        }
        PromotionStatus status = statusOf(envelope);
        if (status != PromotionStatus.PROMOTED) {
            return new Decision.Refuse("version " + version + " was not promoted (its status is " + status
                    + ") and no operator's rollback names it");
        }
        if (servedVersion != NONE && version < servedVersion) {
            return new Decision.Refuse("version " + version + " is older than the served version " + servedVersion
                    + " and no operator's rollback names it");
        }
        if (version == servedVersion) {
            return new Decision.Unchanged();
        }
        return new Decision.Serve(Basis.PROMOTED, Optional.empty());
    }

    /**
     * Whether a version of the history may be served by a scorer that found nothing servable on the models topic: a
     * promoted version made after the last rollback, or the version that rollback names.
     */
    public boolean allowedFromHistory(ModelEnvelope envelope) {
        if (rollback != null && rollback.getVersion() == envelope.getVersion()) {
            return true;
        }
        return statusOf(envelope) == PromotionStatus.PROMOTED
                && (rollback == null || envelope.getCreatedAt().isAfter(rollback.getTime()));
    }

    /**
     * {@code version} is served from now on; {@code offset} is where it was read on the models topic, or, for a version
     * from the history, the last offset read there (rollback records read so far are then spent).
     */
    public void served(long version, long offset) {
        this.servedVersion = version;
        this.servedOffset = offset;
    }

    /** A model published before the gate existed has no promotion decision: it was promoted by being published. */
    private static PromotionStatus statusOf(ModelEnvelope envelope) {
        return envelope.getPromotion() == null ? PromotionStatus.PROMOTED : envelope.getPromotion().getStatus();
    }
}
