package io.streamtrain.ml.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.ml.model.LinearModel;
import io.streamtrain.ml.model.RuntimeVersions;
import io.streamtrain.ml.model.VectorClassifier;
import io.streamtrain.ml.model.VectorSchema;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import smile.classification.LogisticRegression;

/**
 * Writes a trained model with its fitted preprocessing as one ONNX graph (see the ml module's README, "ONNX"):
 * one input per feature, named as the feature, {@code [N, 1]} double (numeric, boolean as 0/1; NaN is missing) or
 * string (categorical; {@code ""} is missing); outputs {@value #LABEL} ({@code [N]} class names) and
 * {@value #PROBABILITIES} ({@code [N, classes]} in the envelope's class order) for classification, {@value #VALUE}
 * ({@code [N]}) for regression. A feature named like an output has no graph. The same inputs always give the same bytes.
 */
public final class OnnxExport {

    /** Output: the predicted class name of each row. */
    public static final String LABEL = "label";
    /** Output: each row's class probabilities, columns in the envelope's {@code featureSchema.classes} order. */
    public static final String PROBABILITIES = "probabilities";
    /** Output: each row's predicted value (regression). */
    public static final String VALUE = "value";

    private OnnxExport() {
    }

    /**
     * The graph of {@code model} (as the trainer fitted it: a Smile logistic regression, random forest or gradient
     * tree boosting, or a {@link LinearModel}) behind {@code preprocessing}.
     *
     * @param classes the envelope's class names; empty for a regression model
     * @throws UnsupportedModelException when the model or the preprocessing has no ONNX form here
     */
    public static byte[] of(List<FeatureDefinition> features, FittedPreprocessing preprocessing, List<String> classes, Object model)
            throws UnsupportedModelException {
        int width;
        try {
            width = new FeatureTransformer(features, preprocessing).width();
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("unusable preprocessing: " + e.getMessage(), e);
        }
        for (FeatureDefinition feature : features) {
            if (List.of(LABEL, PROBABILITIES, VALUE).contains(feature.getName())) {
                throw new UnsupportedModelException("feature " + feature.getName() + " has the name of a graph output ("
                        + LABEL + ", " + PROBABILITIES + ", " + VALUE + "); rename the input field");
            }
        }
        GraphBuilder graph = new GraphBuilder("streamtrain");
        String x = PreprocessingGraph.append(graph, features, preprocessing);
        String[] columns = VectorSchema.of(width).structType().names();
        ModelHead head = switch (model) {
            case LogisticRegression.Binomial binomial -> LinearGraphs.binomial(graph, x, binomial, width);
            case LogisticRegression.Multinomial multinomial -> LinearGraphs.multinomial(graph, x, multinomial, width);
            case LinearModel linear -> LinearGraphs.linear(graph, x, linear, width);
            case smile.classification.RandomForest forest -> TreeGraphs.forestClassifier(graph, x, forest, columns);
            case smile.regression.RandomForest forest -> TreeGraphs.forestRegressor(graph, x, forest, columns);
            case smile.classification.GradientTreeBoost boosting -> TreeGraphs.boostedClassifier(graph, x, boosting, columns);
            case smile.regression.GradientTreeBoost boosting -> TreeGraphs.boostedRegressor(graph, x, boosting, columns);
            default -> throw new UnsupportedModelException("no ONNX form for a " + model.getClass().getName());
        };
        switch (head) {
            case ModelHead.Classes(String probabilities, String classIndex) -> {
                requireClassIndices(model, width, classes);
                String names = graph.strings("classes", classes, classes.size());
                String label = graph.node("Gather", List.of(names, classIndex), Map.of("axis", GraphBuilder.integer("axis", 0)));
                graph.output(label, LABEL, TensorProto.DataType.STRING, -1);
                graph.output(probabilities, PROBABILITIES, TensorProto.DataType.DOUBLE, -1, classes.size());
            }
            case ModelHead.Value(String value) -> {
                if (!classes.isEmpty()) {
                    throw new UnsupportedModelException("a regression model with classes " + classes);
                }
                graph.output(LinearGraphs.squeeze(graph, value), VALUE, TensorProto.DataType.DOUBLE, -1);
            }
        }
        return graph.toModel(RuntimeVersions.streamtrain(), Map.of());
    }

    /** The graph's probability columns are the model's classes 0..k-1, which must be exactly the envelope's classes. */
    private static void requireClassIndices(Object model, int width, List<String> classes) throws UnsupportedModelException {
        int[] indices = VectorClassifier.of(model, width).classes();
        if (!Arrays.equals(indices, IntStream.range(0, classes.size()).toArray())) {
            throw new UnsupportedModelException("the classifier's classes " + Arrays.toString(indices)
                    + " are not the envelope's " + classes.size() + " classes in order");
        }
    }
}
