package io.streamtrain.ml.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.streamtrain.ml.model.forest.SplitThreshold;
import io.streamtrain.ml.model.forest.UnsupportedForestException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.model.cart.LeafNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;

/**
 * Collects Smile CART trees into one ONNX-ML {@code TreeEnsembleRegressor} with one target per output (a class score,
 * or the value). Thresholds and leaf weights are written as double tensors ({@code *_as_tensor}) and ONNX Runtime
 * sums the leaves in double, tree by tree in the order they were added (Smile's order); only the operator's output is
 * float, which the writer casts back to double. A split sends {@code x} to its true child when {@code x <= threshold}
 * and NaN to its false child, as Smile does (the preprocessing never leaves NaN in the model input anyway).
 * One ensemble per instance; not thread-safe.
 */
final class TreeEnsembleWriter {

    /** A leaf's contribution: its weight per target ({@code targets} values; 0 for a target it does not feed). */
    @FunctionalInterface
    interface LeafWeights {
        double[] of(LeafNode leaf, String where) throws UnsupportedModelException;
    }

    private static final ByteString BRANCH_LEQ = ByteString.copyFromUtf8("BRANCH_LEQ");
    private static final ByteString LEAF = ByteString.copyFromUtf8("LEAF");

    private final String[] columns;
    private final int targets;
    // Attributes grow in place (protobuf keeps ints in primitive lists): a forest can have millions of nodes.
    private final AttributeProto.Builder treeIds = ints("nodes_treeids");
    private final AttributeProto.Builder nodeIds = ints("nodes_nodeids");
    private final AttributeProto.Builder featureIds = ints("nodes_featureids");
    private final AttributeProto.Builder modes = AttributeProto.newBuilder().setName("nodes_modes").setType(AttributeProto.AttributeType.STRINGS);
    private final Doubles thresholds = new Doubles();
    private final AttributeProto.Builder trueIds = ints("nodes_truenodeids");
    private final AttributeProto.Builder falseIds = ints("nodes_falsenodeids");
    private final AttributeProto.Builder leafTrees = ints("target_treeids");
    private final AttributeProto.Builder leafNodes = ints("target_nodeids");
    private final AttributeProto.Builder leafTargets = ints("target_ids");
    private final Doubles leafWeights = new Doubles();
    private int trees;
    private int nodesInTree;

    /** An ensemble over the model input's columns {@code columns} (in order) with {@code targets} outputs. */
    TreeEnsembleWriter(String[] columns, int targets) {
        this.columns = columns.clone();
        this.targets = targets;
    }

    /** Appends the tree at {@code root}, whose split columns are {@code schema}, with its leaves weighted by {@code weights}. */
    void add(StructType schema, Node root, LeafWeights weights) throws UnsupportedModelException {
        String where = "tree " + trees;
        if (!Arrays.equals(schema.names(), columns)) {
            throw new UnsupportedModelException(where + " splits on the columns " + Arrays.toString(schema.names())
                    + ", not on the model input's " + columns.length + " columns in order");
        }
        double[] probeValues = new double[columns.length];
        nodesInTree = 0;
        append(root, weights, probeValues, Tuple.of(schema, probeValues), where);
        trees++;
    }

    /** Appends a tree of one leaf that adds {@code value} to {@code target}: Smile's intercept, summed first as Smile does. */
    void addConstant(int target, double value) {
        double[] contribution = new double[targets];
        contribution[target] = value;
        nodesInTree = 0;
        leaf(contribution);
        trees++;
    }

    /**
     * Writes the ensemble into {@code graph} over {@code input} ({@code [N, columns]} doubles): {@code SUM} or
     * {@code AVERAGE} over the trees per target.
     *
     * @return the name of the {@code [N, targets]} double scores
     */
    String write(GraphBuilder graph, String input, String aggregate) {
        Map<String, AttributeProto> attributes = new HashMap<>();
        put(attributes, GraphBuilder.integer("n_targets", targets));
        put(attributes, GraphBuilder.string("aggregate_function", aggregate));
        for (AttributeProto.Builder attribute : List.of(treeIds, nodeIds, featureIds, modes, trueIds, falseIds, leafTrees, leafNodes, leafTargets)) {
            put(attributes, attribute.build());
        }
        put(attributes, GraphBuilder.doubleTensor("nodes_values_as_tensor", thresholds.toArray()));
        put(attributes, GraphBuilder.doubleTensor("target_weights_as_tensor", leafWeights.toArray()));
        String scores = graph.mlNode("TreeEnsembleRegressor", List.of(input), attributes);
        return graph.node("Cast", List.of(scores), Map.of("to", GraphBuilder.integer("to", TensorProto.DataType.DOUBLE_VALUE)));
    }

    private long append(Node node, LeafWeights weights, double[] probeValues, Tuple probe, String where) throws UnsupportedModelException {
        if (node instanceof LeafNode leaf) {
            double[] contribution = weights.of(leaf, where);
            if (contribution.length != targets) {
                throw new UnsupportedModelException(where + " has a leaf with " + contribution.length + " outputs in an ensemble of " + targets);
            }
            return leaf(contribution);
        }
        if (!(node instanceof OrdinalNode split)) {
            throw new UnsupportedModelException(where + " has a " + node.getClass().getName() + " node; only numeric splits are exported");
        }
        double threshold;
        try {
            threshold = SplitThreshold.of(split, probeValues, probe, where);
        } catch (UnsupportedForestException e) {
            throw new UnsupportedModelException(e.getMessage(), e);
        }
        long id = nodesInTree++;
        int at = treeIds.getIntsCount();
        addNode(id, split.feature(), BRANCH_LEQ, threshold);
        long yes = append(split.trueChild(), weights, probeValues, probe, where);
        long no = append(split.falseChild(), weights, probeValues, probe, where);
        trueIds.setInts(at, yes);
        falseIds.setInts(at, no);
        return id;
    }

    /** A leaf node feeding {@code contribution} per target; zero weights are left out (adding 0 changes no sum). */
    private long leaf(double[] contribution) {
        long id = nodesInTree++;
        addNode(id, 0, LEAF, 0.0);
        for (int t = 0; t < contribution.length; t++) {
            if (contribution[t] != 0.0) {
                leafTrees.addInts(trees);
                leafNodes.addInts(id);
                leafTargets.addInts(t);
                leafWeights.add(contribution[t]);
            }
        }
        return id;
    }

    private void addNode(long id, int feature, ByteString mode, double threshold) {
        treeIds.addInts(trees);
        nodeIds.addInts(id);
        featureIds.addInts(feature);
        modes.addStrings(mode);
        thresholds.add(threshold);
        trueIds.addInts(0L);
        falseIds.addInts(0L);
    }

    private static AttributeProto.Builder ints(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    }

    private static void put(Map<String, AttributeProto> attributes, AttributeProto attribute) {
        attributes.put(attribute.getName(), attribute);
    }

    /** A growing array of doubles. */
    private static final class Doubles {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
