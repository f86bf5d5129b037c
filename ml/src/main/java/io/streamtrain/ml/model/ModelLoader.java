package io.streamtrain.ml.model;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.io.IOException;
import java.io.InvalidClassException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Turns a model envelope from a topic into a {@link LoadedModel}, refusing anything that must not be served.
 * Checks, in order: the pipeline, the model format, the size and SHA-256 digest of the model bytes, the Smile
 * version, the feature schema against the preprocessing, deserialization through the class allow-list
 * of {@link JavaModelSerialization}, that the model fits the task (a classifier with class probabilities indexing
 * the envelope's classes, or a regression model with no classes), and finally a probe prediction, so a model that
 * loads also scores.
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
        byte[] bytes = CheckedModelBytes.copy(envelope.getModelBytes(), envelope.getModelSha256(), name, "model bytes");
        requireEqual(RuntimeVersions.smile(), envelope.getSmileVersion(), name + " was trained with Smile " + envelope.getSmileVersion()
                + " but this process runs Smile " + RuntimeVersions.smile() + "; Java-serialized Smile models do not load across versions");
        FeatureTransformer transformer = transformerOf(envelope, name);
        Object model = deserialize(bytes, name);
        List<String> classes = List.copyOf(envelope.getFeatureSchema().getClasses());
        if (envelope.getTask() == Task.REGRESSION) {
            if (!classes.isEmpty()) {
                throw new ModelRejectedException(name + " is a regression model but lists classes " + classes);
            }
            VectorRegressor regressor = regressorOf(model, transformer, name);
            return LoadedModel.regression(envelope, transformer, model, regressor);
        }
        VectorClassifier classifier = classifierOf(model, transformer, classes, name);
        return LoadedModel.classification(envelope, transformer, model, classifier, classes);
    }

    private static FeatureTransformer transformerOf(ModelEnvelope envelope, String name) throws ModelRejectedException {
        try {
            return FeatureTransformer.of(envelope);
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + " has unusable preprocessing: " + e.getMessage(), e);
        }
    }

    private static Object deserialize(byte[] bytes, String name) throws ModelRejectedException {
        try {
            return JavaModelSerialization.deserialize(bytes);
        } catch (InvalidClassException e) {
            throw new ModelRejectedException(name + ": model bytes refused by the deserialization allow-list or written by an"
                    + " incompatible class version (" + e.getMessage() + ")", e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new ModelRejectedException(name + ": model bytes are not a readable serialized model (" + e + ")", e);
        }
    }

    /** A classifier with probabilities whose classes index the envelope's class names, and that accepts the transformer's vectors. */
    private static VectorClassifier classifierOf(Object model, FeatureTransformer transformer, List<String> classes, String name)
            throws ModelRejectedException {
        VectorClassifier classifier;
        try {
            classifier = VectorClassifier.of(model, transformer.width());
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + ": model bytes hold " + e.getMessage(), e);
        }
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
        return classifier;
    }

    /** A regression model that accepts the transformer's vectors. */
    private static VectorRegressor regressorOf(Object model, FeatureTransformer transformer, String name) throws ModelRejectedException {
        VectorRegressor regressor;
        try {
            regressor = VectorRegressor.of(model, transformer.width());
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + ": model bytes hold " + e.getMessage(), e);
        }
        try {
            regressor.predict(new double[transformer.width()]);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(name + ": regression model cannot score the " + transformer.width()
                    + "-wide vectors its preprocessing makes (" + e.getMessage() + ")", e);
        }
        return regressor;
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
