package io.streamtrain.ml.onnx;

import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.model.ModelRejectedException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The bytes of an envelope's ONNX graph, checked before anyone uses them: the scorer before loading them, the export
 * command and the REST API before handing them out. The checks are the size limit of model bytes and the SHA-256 the
 * envelope records; they catch corruption, not a forger, so the envelope's signature must have verified first.
 */
public final class OnnxGraphBytes {

    private OnnxGraphBytes() {
    }

    /**
     * A copy of {@code onnx}'s graph bytes.
     *
     * @param name names the model in the refusal, for example {@code model churn v3}
     * @throws ModelRejectedException when the graph is over the size limit or its bytes do not hash to its SHA-256
     */
    public static byte[] verified(OnnxGraph onnx, String name) throws ModelRejectedException {
        Objects.requireNonNull(onnx, "onnx");
        ByteBuffer buffer = onnx.getGraph().duplicate();
        if (buffer.remaining() > JavaModelSerialization.MAX_MODEL_BYTES) {
            throw new ModelRejectedException(name + " has an ONNX graph of " + buffer.remaining() + " bytes, more than the limit of "
                    + JavaModelSerialization.MAX_MODEL_BYTES);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (!ModelDigest.matches(bytes, onnx.getSha256())) {
            throw new ModelRejectedException(name + ": ONNX graph bytes do not match their SHA-256 digest (envelope says "
                    + onnx.getSha256() + ", bytes hash to " + ModelDigest.sha256Hex(bytes) + ")");
        }
        return bytes;
    }
}
