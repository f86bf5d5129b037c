package io.streamtrain.core.deadletter;

/** Why a record went to the dead-letter topic; {@link #code()} is the value of the reason header. */
public enum DeadLetterReason {
    /** The bytes are neither Avro single-object encoding of a known schema nor a JSON object. */
    UNDECODABLE("undecodable"),
    /** The record decoded but does not fit the pipeline's schema (wrong type, missing required field). */
    INVALID("invalid"),
    /** The record is larger than {@code record.max.bytes}. */
    OVERSIZED("oversized"),
    /** The id field is missing or blank. */
    MISSING_ID("missing-id"),
    /** The label field is missing (training input only). */
    MISSING_LABEL("missing-label"),
    /** The label is not usable, for example NaN for regression. */
    INVALID_LABEL("invalid-label"),
    /** Every feature is missing, so there is nothing to learn from or score. */
    NO_FEATURES("no-features"),
    /** The record's window had already closed (event time older than window end plus grace). */
    LATE("late"),
    /** The event time lies further ahead of the wall clock than {@code window.max.future.ms} allows. */
    FUTURE("future"),
    /**
     * Transient mode: the record (unlabelled, or from a score request) was not scored because its window made no
     * model; the detail says why.
     */
    UNSCORED("unscored");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
