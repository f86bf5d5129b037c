package io.streamtrain.ml.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The fitted preprocessing as graph nodes, the same arithmetic as {@code FeatureTransformer}: one input per feature
 * ({@code [N, 1]} double for numeric and boolean features, string for categorical ones), one-hot columns from a
 * {@code LabelEncoder} (vocabulary slot, "other" slot, or none) compared with the slot numbers, every column
 * concatenated in feature order, then over the whole row: a missing value (NaN or an infinity) replaced by the
 * column's impute value, clipped, centred and divided by the scale. One-hot columns pass these steps unchanged
 * (impute 0, no bounds, centre 0, scale 1).
 */
final class PreprocessingGraph {

    private PreprocessingGraph() {
    }

    /**
     * Adds the inputs and the preprocessing to {@code graph}.
     *
     * @return the name of the {@code [N, width]} double model input
     */
    static String append(GraphBuilder graph, List<FeatureDefinition> features, FittedPreprocessing preprocessing) {
        List<FittedColumn> fitted = preprocessing.getColumns();
        List<String> columns = new ArrayList<>(features.size());
        List<Double> impute = new ArrayList<>();
        List<Double> low = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        List<Double> center = new ArrayList<>();
        List<Double> scale = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureDefinition feature = features.get(i);
            FittedColumn column = fitted.get(i);
            if (feature.getType() == FeatureType.CATEGORICAL) {
                graph.input(feature.getName(), TensorProto.DataType.STRING);
                int width = column.getCategories().size() + (column.getOtherSlot() ? 1 : 0);
                if (width > 0) {
                    columns.add(oneHot(graph, feature.getName(), column, width));
                }
                for (int slot = 0; slot < width; slot++) {
                    impute.add(0.0);
                    low.add(Double.NEGATIVE_INFINITY);
                    high.add(Double.POSITIVE_INFINITY);
                    center.add(0.0);
                    scale.add(1.0);
                }
            } else {
                graph.input(feature.getName(), TensorProto.DataType.DOUBLE);
                columns.add(feature.getName());
                impute.add(column.getImputeNumber());
                low.add(column.getClipLow() == null ? Double.NEGATIVE_INFINITY : column.getClipLow());
                high.add(column.getClipHigh() == null ? Double.POSITIVE_INFINITY : column.getClipHigh());
                center.add(column.getCenter());
                scale.add(column.getScale());
            }
        }
        if (impute.isEmpty()) {
            throw new IllegalArgumentException("the preprocessing makes no model input column");
        }
        String raw = columns.size() == 1 ? columns.getFirst()
                : graph.node("Concat", columns, Map.of("axis", GraphBuilder.integer("axis", 1)));
        String missing = graph.node("Or", List.of(graph.node("IsNaN", List.of(raw), Map.of()), graph.node("IsInf", List.of(raw), Map.of())), Map.of());
        String x = graph.node("Where", List.of(missing, row(graph, "impute", impute), raw), Map.of());
        if (low.stream().anyMatch(bound -> bound != Double.NEGATIVE_INFINITY)) {
            x = graph.node("Max", List.of(x, row(graph, "clip_low", low)), Map.of());
        }
        if (high.stream().anyMatch(bound -> bound != Double.POSITIVE_INFINITY)) {
            x = graph.node("Min", List.of(x, row(graph, "clip_high", high)), Map.of());
        }
        x = graph.node("Sub", List.of(x, row(graph, "center", center)), Map.of());
        return graph.node("Div", List.of(x, row(graph, "scale", scale)), Map.of());
    }

    /**
     * One categorical feature's {@code width} one-hot columns: the category's slot (its vocabulary position, or the
     * other slot for a category outside the vocabulary when there is one), after a missing category ({@code ""})
     * was replaced by the impute category; -1, which matches no slot, where the transformer writes all zeros.
     */
    private static String oneHot(GraphBuilder graph, String input, FittedColumn column, int width) {
        List<String> keys = new ArrayList<>(column.getCategories());
        List<Long> slots = new ArrayList<>();
        for (int slot = 0; slot < keys.size(); slot++) {
            slots.add((long) slot);
        }
        long unseen = column.getOtherSlot() ? column.getCategories().size() : -1;
        if (column.getImputeCategory() != null) {
            int known = column.getCategories().indexOf(column.getImputeCategory());
            keys.add("");
            slots.add(known >= 0 ? known : unseen);
        }
        String slot = graph.mlNode("LabelEncoder", List.of(input), Map.of(
                "keys_strings", GraphBuilder.strings("keys_strings", keys),
                "values_int64s", GraphBuilder.ints("values_int64s", slots.stream().mapToLong(Long::longValue).toArray()),
                "default_int64", GraphBuilder.integer("default_int64", unseen)));
        String slotNumbers = graph.longs("slots", LongStream.range(0, width).toArray(), 1, width);
        String hot = graph.node("Equal", List.of(slot, slotNumbers), Map.of());
        return graph.node("Cast", List.of(hot), Map.of("to", GraphBuilder.integer("to", TensorProto.DataType.DOUBLE_VALUE)));
    }

    private static String row(GraphBuilder graph, String name, List<Double> values) {
        return graph.doubles(name, values.stream().mapToDouble(Double::doubleValue).toArray(), 1, values.size());
    }
}
