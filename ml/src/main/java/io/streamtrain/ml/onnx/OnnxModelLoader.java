package io.streamtrain.ml.onnx;

import ai.onnxruntime.OrtException;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Loads the ONNX graph of a model envelope for serving, refusing anything that must not be served. Nothing is
 * Java-deserialized and the model bytes and Smile version are not read, so a model trained with another Smile
 * version is served alike. Checks, in order: the pipeline, the presence of the graph, its size and SHA-256, that the
 * feature schema and the preprocessing fit together, that the task and the classes agree, that ONNX Runtime loads the
 * graph, and a probe prediction of a row whose every value is missing (a label among the classes, or a finite value).
 *
 * <p>The digest protects against corruption, not against a forger; signature verification belongs before this.
 */
public final class OnnxModelLoader {

    private OnnxModelLoader() {
    }

    /**
     * Loads {@code envelope}'s graph.
     *
     * @param expectedPipeline the pipeline this scorer serves
     * @throws ModelRejectedException with a message saying which check failed and why
     */
    public static OnnxLoadedModel load(ModelEnvelope envelope, String expectedPipeline) throws ModelRejectedException {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(expectedPipeline, "expectedPipeline");
        String name = "model " + envelope.getPipeline() + " v" + envelope.getVersion();
        if (!expectedPipeline.equals(envelope.getPipeline())) {
            throw new ModelRejectedException(name + " belongs to pipeline " + envelope.getPipeline() + ", not " + expectedPipeline);
        }
        if (envelope.getOnnx() == null) {
            throw new ModelRejectedException(name + " has no ONNX graph (it was published before ONNX export existed);"
                    + " serve it with scorer.model.runtime=native");
        }
        byte[] graph = OnnxGraphBytes.verified(envelope.getOnnx(), name);
        List<FeatureDefinition> features = envelope.getFeatureSchema().getFeatures();
        try {
            FeatureTransformer.of(envelope);
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + " has unusable preprocessing: " + e.getMessage(), e);
        }
        List<String> classes = List.copyOf(envelope.getFeatureSchema().getClasses());
        boolean classification = envelope.getTask() == Task.CLASSIFICATION;
        if (classification == classes.isEmpty()) {
            throw new ModelRejectedException(name + " is a " + envelope.getTask() + " model with classes " + classes);
        }
        OnnxModel model;
        try {
            model = OnnxModel.load(graph, features, classification);
        } catch (OrtException | RuntimeException e) {
            throw new ModelRejectedException(name + ": ONNX Runtime cannot load its graph (" + e.getMessage() + ")", e);
        }
        OnnxLoadedModel loaded = new OnnxLoadedModel(envelope, model, classes);
        probe(loaded, model, features.size(), classes, name);
        return loaded;
    }

    /** Scores a row of missing values; closes the session and refuses the model when that fails or looks wrong. */
    private static void probe(OnnxLoadedModel loaded, OnnxModel model, int width, List<String> classes, String name)
            throws ModelRejectedException {
        try {
            OnnxModel.Predictions probe = model.predict(List.of(new ArrayList<>(Collections.nCopies(width, null))));
            boolean usable = classes.isEmpty() ? probe.values().length == 1 && Double.isFinite(probe.values()[0])
                    : probe.labels().length == 1 && classes.contains(probe.labels()[0]) && probe.probabilities()[0].length == classes.size();
            if (!usable) {
                throw new IllegalStateException("its outputs do not fit the envelope's task and classes");
            }
        } catch (OrtException | RuntimeException e) {
            loaded.close();
            throw new ModelRejectedException(name + ": its ONNX graph cannot score a record (" + e.getMessage() + ")", e);
        }
    }
}
