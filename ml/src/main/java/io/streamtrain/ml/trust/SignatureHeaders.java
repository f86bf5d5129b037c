package io.streamtrain.ml.trust;

/**
 * The Kafka record headers that carry a model envelope's signature on {@code <p>.models} and
 * {@code <p>.model-history}. The signature covers the record's value exactly as written, so it is checked
 * before a single byte of the envelope is decoded, and it survives compaction and re-publication unchanged.
 */
public final class SignatureHeaders {

    /** The Ed25519 signature (64 bytes) of the record value. */
    public static final String SIGNATURE = "streamtrain.signature";
    /** The id ({@link Ed25519Keys#keyId}) of the public key that verifies it, as UTF-8 text. */
    public static final String KEY_ID = "streamtrain.signing-key";

    private SignatureHeaders() {
    }
}
