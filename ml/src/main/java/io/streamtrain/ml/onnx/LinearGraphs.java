package io.streamtrain.ml.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.streamtrain.ml.model.LinearModel;
import java.util.List;
import java.util.Map;
import smile.classification.LogisticRegression;

/**
 * Logistic and linear regression as graph nodes, in Smile's and {@link LinearModel}'s arithmetic: a product with the
 * weights plus the intercept; binomial {@code f = 1 / (1 + exp(-z))}, probabilities {@code [1 - f, f]}, class 1 when
 * {@code f >= 0.5}; multinomial logits with the last class fixed at 0 (a zero weight column), softmax, the first most
 * probable class.
 */
final class LinearGraphs {

    private LinearGraphs() {
    }

    static ModelHead binomial(GraphBuilder graph, String x, LogisticRegression.Binomial model, int width) throws UnsupportedModelException {
        double[] w = model.coefficients();
        requireWidth(w.length - 1, width);
        String z = affine(graph, x, new double[][] {java.util.Arrays.copyOf(w, width)}, new double[] {w[width]});
        String one = graph.doubles("one", new double[] {1.0});
        String f = graph.node("Reciprocal", List.of(graph.node("Add", List.of(one,
                graph.node("Exp", List.of(graph.node("Neg", List.of(z), Map.of())), Map.of())), Map.of())), Map.of());
        String probabilities = graph.node("Concat", List.of(graph.node("Sub", List.of(one, f), Map.of()), f),
                Map.of("axis", GraphBuilder.integer("axis", 1)));
        String below = graph.node("Less", List.of(f, graph.doubles("half", new double[] {0.5})), Map.of());
        String classOne = graph.node("Cast", List.of(graph.node("Not", List.of(below), Map.of())),
                Map.of("to", GraphBuilder.integer("to", TensorProto.DataType.INT64_VALUE)));
        return new ModelHead.Classes(probabilities, squeeze(graph, classOne));
    }

    static ModelHead multinomial(GraphBuilder graph, String x, LogisticRegression.Multinomial model, int width) throws UnsupportedModelException {
        double[][] w = model.coefficients();
        int k = w.length + 1;
        double[][] weights = new double[k][width];
        double[] intercepts = new double[k];
        for (int c = 0; c < k - 1; c++) {
            requireWidth(w[c].length - 1, width);
            System.arraycopy(w[c], 0, weights[c], 0, width);
            intercepts[c] = w[c][width];
        }
        String probabilities = graph.node("Softmax", List.of(affine(graph, x, weights, intercepts)), Map.of("axis", GraphBuilder.integer("axis", 1)));
        String classIndex = graph.node("ArgMax", List.of(probabilities),
                Map.of("axis", GraphBuilder.integer("axis", 1), "keepdims", GraphBuilder.integer("keepdims", 0)));
        return new ModelHead.Classes(probabilities, classIndex);
    }

    static ModelHead linear(GraphBuilder graph, String x, LinearModel model, int width) throws UnsupportedModelException {
        double[] w = model.weights();
        requireWidth(w.length, width);
        return new ModelHead.Value(affine(graph, x, new double[][] {w}, new double[] {model.intercept()}));
    }

    /** {@code x · weightsᵀ + intercepts}: {@code [N, rows]}, one column per row of {@code weights}. */
    private static String affine(GraphBuilder graph, String x, double[][] weights, double[] intercepts) {
        int rows = weights.length;
        int width = weights[0].length;
        double[] columnMajor = new double[width * rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                columnMajor[i * rows + r] = weights[r][i];
            }
        }
        String product = graph.node("MatMul", List.of(x, graph.doubles("weights", columnMajor, width, rows)), Map.of());
        return graph.node("Add", List.of(product, graph.doubles("intercepts", intercepts, 1, rows)), Map.of());
    }

    static String squeeze(GraphBuilder graph, String column) {
        return graph.node("Squeeze", List.of(column, graph.longs("axis", new long[] {1}, 1)), Map.of());
    }

    private static void requireWidth(int modelWidth, int width) throws UnsupportedModelException {
        if (modelWidth != width) {
            throw new UnsupportedModelException("the model has " + modelWidth + " weights for " + width + " input columns");
        }
    }
}
