package io.streamtrain.schemas;

/** Input bytes that cannot become a record of the pipeline's schema; the message says why. */
public final class RecordDecodingException extends RuntimeException {

    /** Whether the bytes were unreadable, or readable but not a valid record of the schema. */
    public enum Kind { UNDECODABLE, INVALID }

    private final Kind kind;

    public RecordDecodingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public RecordDecodingException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
