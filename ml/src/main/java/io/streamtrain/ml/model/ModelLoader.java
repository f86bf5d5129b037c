package io.streamtrain.ml.model;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.io.IOException;
import java.io.InvalidClassException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import smile.classification.Classifier;

/**
 * Turns a model envelope from a topic into a {@link LoadedModel}, refusing anything that must not be served.
 * Checks, in order: the pipeline, the model format, the size and SHA-256 digest of the model bytes, the Smile
 * version, the task, the feature schema against the preprocessing, deserialization through the class allow-list
 * of {@link JavaModelSerialization}, and finally a probe prediction, so a model that loads also scores.
 *
 * <p>The digest protects against corruption, not against a forger; signature verification belongs before this.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * Loads and verifies {@code envelope}.
     *
     * @param expectedPipeline the pipeline this scorer serves
     * @throws ModelRejectedException with a message saying which check failed and why
     */
    public static LoadedModel load(ModelEnvelope envelope, String expectedPipeline) throws ModelRejectedException {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(expectedPipeline, "expectedPipeline");
        requireComplete(envelope);
        String name = "model " + envelope.getPipeline() + " v" + envelope.getVersion();
        requireEqual(expectedPipeline, envelope.getPipeline(), name + " belongs to pipeline " + envelope.getPipeline() + ", not " + expectedPipeline);
        requireEqual(JavaModelSerialization.FORMAT, envelope.getModelFormat(),
                name + " has model format " + envelope.getModelFormat() + "; only " + JavaModelSerialization.FORMAT + " is supported");
        byte[] bytes = verifiedBytes(envelope, name);
        requireEqual(RuntimeVersions.smile(), envelope.getSmileVersion(), name + " was trained with Smile " + envelope.getSmileVersion()
                + " but this process runs Smile " + RuntimeVersions.smile() + "; Java-serialized Smile models do not load across versions");
        requireEqual(Task.CLASSIFICATION, envelope.getTask(), name + " is a " + envelope.getTask() + " model; only CLASSIFICATION is supported");
        FeatureTransformer transformer = transformerOf(envelope, name);
        List<String> classes = List.copyOf(envelope.getFeatureSchema().getClasses());
        Classifier<double[]> classifier = classifierOf(bytes, name);
        checkScores(classifier, transformer, classes, name);
        return new LoadedModel(envelope, transformer, classifier, classes);
    }

    private static byte[] verifiedBytes(ModelEnvelope envelope, String name) throws ModelRejectedException {
        ByteBuffer buffer = envelope.getModelBytes().duplicate();
        if (buffer.remaining() > JavaModelSerialization.MAX_MODEL_BYTES) {
            throw new ModelRejectedException(name + " has " + buffer.remaining() + " model bytes, more than the limit of "
                    + JavaModelSerialization.MAX_MODEL_BYTES);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (!ModelDigest.matches(bytes, envelope.getModelSha256())) {
            throw new ModelRejectedException(name + ": model bytes do not match their SHA-256 digest (envelope says "
                    + envelope.getModelSha256() + ", bytes hash to " + ModelDigest.sha256Hex(bytes) + ")");
        }
        return bytes;
    }

    private static FeatureTransformer transformerOf(ModelEnvelope envelope, String name) throws ModelRejectedException {
        try {
            return FeatureTransformer.of(envelope);
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + " has unusable preprocessing: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Classifier<double[]> classifierOf(byte[] bytes, String name) throws ModelRejectedException {
        Object model;
        try {
            model = JavaModelSerialization.deserialize(bytes);
        } catch (InvalidClassException e) {
            throw new ModelRejectedException(name + ": model bytes refused by the deserialization allow-list or written by an"
                    + " incompatible class version (" + e.getMessage() + ")", e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new ModelRejectedException(name + ": model bytes are not a readable serialized model (" + e + ")", e);
        }
        if (!(model instanceof Classifier<?> classifier) || !classifier.isSoft()) {
            throw new ModelRejectedException(name + ": model bytes hold " + (model == null ? "null" : "a " + model.getClass().getName())
                    + ", not a Smile classifier with class probabilities");
        }
        return (Classifier<double[]>) classifier;
    }

    /** The classifier's classes must index the envelope's class names, and it must accept the transformer's vectors. */
    private static void checkScores(Classifier<double[]> classifier, FeatureTransformer transformer, List<String> classes, String name)
            throws ModelRejectedException {
        int[] indices = classifier.classes();
        if (indices.length < 2 || indices.length > classes.size() || Arrays.stream(indices).anyMatch(c -> c < 0 || c >= classes.size())) {
            throw new ModelRejectedException(name + ": classifier classes " + Arrays.toString(indices)
                    + " do not index the envelope's classes " + classes);
        }
        try {
            classifier.predict(new double[transformer.width()], new double[indices.length]);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(name + ": classifier cannot score the " + transformer.width()
                    + "-wide vectors its preprocessing makes (" + e.getMessage() + ")", e);
        }
    }

    private static void requireComplete(ModelEnvelope envelope) throws ModelRejectedException {
        for (Schema.Field field : envelope.getSchema().getFields()) {
            if (envelope.get(field.pos()) == null && field.schema().getType() != Schema.Type.UNION) {
                throw new ModelRejectedException("model envelope has no " + field.name());
            }
        }
    }

    private static void requireEqual(Object expected, Object actual, String message) throws ModelRejectedException {
        if (!expected.equals(actual)) {
            throw new ModelRejectedException(message);
        }
    }
}
