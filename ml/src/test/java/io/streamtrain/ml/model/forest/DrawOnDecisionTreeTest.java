package io.streamtrain.ml.model.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.ml.model.VectorSchema;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.model.cart.CART;
import smile.model.cart.DecisionNode;
import smile.validation.ClassificationMetrics;

class DrawOnDecisionTreeTest {

    private static final Formula LABEL = Formula.lhs(VectorSchema.LABEL);
    /** Two constant columns: no split is possible, so the tree is one leaf over every row. */
    private static final double[][] X = new double[100][2];
    private static final int[] Y = IntStream.range(0, 100).map(i -> i < 60 ? 0 : i < 90 ? 1 : 2).toArray();

    @Test
    void shouldAnswerTheLeafsClassSharesAsScikitLearnDoes() {
        DrawOnDecisionTree tree = tree();

        double[] posteriori = new double[3];
        int predicted = tree.predict(frame().get(0), posteriori);

        // Smile's own leaf answers (count + 1) / (size + 3): 0.592, 0.301, 0.107.
        assertThat(predicted).isZero();
        assertThat(posteriori).containsExactly(new double[] {0.6, 0.3, 0.1}, within(1e-15));
        assertThat(DrawOnDecisionTree.posteriori(tree, (DecisionNode) tree.root())).containsExactly(posteriori, within(0.0));
    }

    @Test
    void shouldKeepSmilesSmoothedSharesForSmilesOwnTrees() {
        DecisionNode leaf = new DecisionNode(new int[] {60, 30, 10});
        smile.classification.DecisionTree smiles = smile.classification.DecisionTree.fit(LABEL, frame());

        assertThat(DrawOnDecisionTree.posteriori(smiles, leaf)).containsExactly(new double[] {61.0 / 103, 31.0 / 103, 11.0 / 103}, within(1e-15));
    }

    @Test
    void shouldCompileAForestOfItsTreesToTheSameShares() throws UnsupportedForestException {
        DrawOnDecisionTree tree = tree();
        ClassificationMetrics metrics = new ClassificationMetrics(0, 0, Y.length, 0, 0.5);
        RandomForest forest = new RandomForest(LABEL.expand(frame().schema()), 3, new RandomForest.Model[] {new RandomForest.Model(tree, metrics)},
                metrics, new double[2]);

        double[] compiled = new double[3];
        ForestCompiler.classification(forest, VectorSchema.of(2).structType()).predict(X[0], compiled);

        assertThat(compiled).containsExactly(new double[] {0.6, 0.3, 0.1}, within(1e-15));
    }

    private static DrawOnDecisionTree tree() {
        Formula bound = LABEL.expand(frame().schema());
        DataFrame x = bound.x(frame());
        int[] everyRowOnce = new int[Y.length];
        Arrays.fill(everyRowOnce, 1);
        return new DrawOnDecisionTree(x, Y, bound.y(frame()).field(), 3, 20, 512, 1, 1, everyRowOnce, CART.order(x));
    }

    private static DataFrame frame() {
        return VectorSchema.of(2).frame(X).add(new IntVector(VectorSchema.LABEL, Y));
    }
}
