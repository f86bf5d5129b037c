package io.streamtrain.scorer.model;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.onnx.OnnxModelLoader;

/**
 * Turns an envelope from the models topic into a servable model: verifies it and deserializes it.
 * The scorer treats every envelope as untrusted input, so an implementation must refuse (never half-load)
 * an envelope it cannot verify.
 */
@FunctionalInterface
public interface ModelLoading {

    /**
     * Loads {@code envelope}.
     *
     * @param expectedPipeline the pipeline this scorer serves; an envelope of another pipeline is refused
     * @throws ModelRejectedException with a one-line reason when the envelope must not be served
     */
    ScoringModel load(ModelEnvelope envelope, String expectedPipeline) throws ModelRejectedException;

    /** Loading through the ML module's {@link ModelLoader}: the loading every scorer uses in production. */
    static ModelLoading verified() {
        return (envelope, expectedPipeline) -> new VerifiedModel(ModelLoader.load(envelope, expectedPipeline));
    }

    /** Loading the envelope's ONNX graph through the ML module's {@link OnnxModelLoader}: no Java deserialization. */
    static ModelLoading onnx() {
        return (envelope, expectedPipeline) -> new OnnxServedModel(OnnxModelLoader.load(envelope, expectedPipeline));
    }
}
