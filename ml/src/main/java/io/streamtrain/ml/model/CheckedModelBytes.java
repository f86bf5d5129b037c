package io.streamtrain.ml.model;

import java.nio.ByteBuffer;

/**
 * Bytes an envelope carries for a model (its serialized model or its ONNX graph), copied out only once they are within
 * the size limit of model bytes and hash to the SHA-256 the envelope records. The checks catch corruption, not a forger:
 * the envelope's signature must have verified first.
 */
public final class CheckedModelBytes {

    private CheckedModelBytes() {
    }

    /**
     * A copy of {@code buffer}'s remaining bytes (its position is left as it was).
     *
     * @param sha256 the hex SHA-256 the envelope records for them
     * @param name   names the model in the refusal, for example {@code model churn v3}
     * @param what   names the bytes in the refusal, for example {@code model bytes}
     * @throws ModelRejectedException when they are over the size limit or do not hash to {@code sha256}
     */
    public static byte[] copy(ByteBuffer buffer, String sha256, String name, String what) throws ModelRejectedException {
        ByteBuffer view = buffer.duplicate();
        if (view.remaining() > JavaModelSerialization.MAX_MODEL_BYTES) {
            throw new ModelRejectedException(name + " has " + view.remaining() + " " + what + ", more than the limit of "
                    + JavaModelSerialization.MAX_MODEL_BYTES);
        }
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        if (!ModelDigest.matches(bytes, sha256)) {
            throw new ModelRejectedException(name + ": " + what + " do not match their SHA-256 digest (envelope says "
                    + sha256 + ", bytes hash to " + ModelDigest.sha256Hex(bytes) + ")");
        }
        return bytes;
    }
}
