package io.streamtrain.ml.onnx;

import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.ml.model.CheckedModelBytes;
import io.streamtrain.ml.model.ModelRejectedException;
import java.util.Objects;

/**
 * The bytes of an envelope's ONNX graph, checked before anyone uses them: the scorer before loading them, the export
 * command and the REST API before handing them out, with the checks of {@link CheckedModelBytes}.
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
        return CheckedModelBytes.copy(onnx.getGraph(), onnx.getSha256(), name, "ONNX graph bytes");
    }
}
