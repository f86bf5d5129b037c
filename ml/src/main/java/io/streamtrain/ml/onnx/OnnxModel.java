package io.streamtrain.ml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.ml.preprocess.FeatureValues;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link OnnxExport} graph loaded into ONNX Runtime, scoring raw feature values in batches. Values are read as the
 * preprocessing reads them ({@link FeatureValues}): a missing or non-numeric numeric value becomes NaN, a missing or
 * blank category {@code ""}. One intra-op thread: ONNX Runtime then sums a tree ensemble's trees in their order, as
 * Smile does, and the caller's threads are the parallelism. Thread-safe ({@code OrtSession.run} is); close it to free
 * the native session.
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<FeatureDefinition> features;
    private final boolean classification;

    private OnnxModel(OrtEnvironment environment, OrtSession session, List<FeatureDefinition> features, boolean classification) {
        this.environment = environment;
        this.session = session;
        this.features = List.copyOf(features);
        this.classification = classification;
    }

    /**
     * Loads {@code graph}, whose inputs are {@code features}.
     *
     * @param classification whether the graph has the classification outputs rather than {@value OnnxExport#VALUE}
     * @throws OrtException when ONNX Runtime cannot load the graph
     */
    public static OnnxModel load(byte[] graph, List<FeatureDefinition> features, boolean classification) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return new OnnxModel(environment, environment.createSession(graph, options), features, classification);
        }
    }

    /**
     * Predictions of a batch, in row order: {@code labels} and {@code probabilities} (columns in the envelope's class
     * order) for classification, else {@code values}; the arrays of the other task are empty. The arrays belong to
     * the caller.
     */
    public record Predictions(String[] labels, double[][] probabilities, double[] values) {
        public Predictions {
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(probabilities, "probabilities");
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * Scores {@code rows}, each the raw feature values in feature order.
     *
     * @throws IllegalArgumentException when a row has another number of values than the model has features
     * @throws OrtException             when ONNX Runtime fails
     */
    public Predictions predict(List<? extends List<?>> rows) throws OrtException {
        int n = rows.size();
        for (List<?> row : rows) {
            if (row.size() != features.size()) {
                throw new IllegalArgumentException("record has " + row.size() + " feature values; the model expects " + features.size());
            }
        }
        List<OnnxTensor> tensors = new ArrayList<>(features.size());
        try {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            long[] shape = {n, 1};
            for (int f = 0; f < features.size(); f++) {
                OnnxTensor tensor = features.get(f).getType() == FeatureType.CATEGORICAL
                        ? OnnxTensor.createTensor(environment, categories(rows, f), shape)
                        : OnnxTensor.createTensor(environment, DoubleBuffer.wrap(numbers(rows, f)), shape);
                tensors.add(tensor);
                inputs.put(features.get(f).getName(), tensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return classification
                        ? new Predictions((String[]) value(result, OnnxExport.LABEL), (double[][]) value(result, OnnxExport.PROBABILITIES), new double[0])
                        : new Predictions(new String[0], new double[0][], (double[]) value(result, OnnxExport.VALUE));
            }
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    private static Object value(OrtSession.Result result, String name) throws OrtException {
        OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("the graph has no output " + name));
        return value.getValue();
    }

    private static double[] numbers(List<? extends List<?>> rows, int feature) {
        double[] column = new double[rows.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = FeatureValues.numberOf(rows.get(i).get(feature));
        }
        return column;
    }

    private static String[] categories(List<? extends List<?>> rows, int feature) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            String category = FeatureValues.categoryOf(rows.get(i).get(feature));
            column[i] = category == null ? "" : category;
        }
        return column;
    }
}
