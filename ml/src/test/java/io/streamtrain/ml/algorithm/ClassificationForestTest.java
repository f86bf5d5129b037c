package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.ml.model.VectorSchema;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.model.cart.SplitRule;

class ClassificationForestTest {

    private static final int ROWS = 400;
    private static final int CONSTANT_COLUMNS = 40;
    private static final Formula LABEL = Formula.lhs(VectorSchema.LABEL);

    /** One informative column among forty constant ones: the label is whether column 0 exceeds 0.5. */
    private static final double[][] X = rows();
    private static final int[] Y = Arrays.stream(X).mapToInt(row -> row[0] > 0.5 ? 1 : 0).toArray();

    @Test
    void shouldDrawOnUntilAColumnSplitsTheNode() {
        RandomForest forest = ClassificationForest.fit(LABEL, frame(), Y, 2, options(), 7);

        assertThat(trainingAccuracy(forest)).isGreaterThan(0.99);
        assertThat(forest.trees()).allSatisfy(tree -> assertThat(tree.size()).as("leaves").isGreaterThan(1));
    }

    @Test
    void shouldSplitWhereSmilesOwnForestMakesLeavesOfNodesItCouldSplit() {
        RandomForestOptions options = options();
        RandomForest smiles = RandomForest.fit(LABEL, frame(), new RandomForest.Options(options.trees(), options.mtryFor(X[0].length, true),
                SplitRule.GINI, options.maxDepth(), options.maxNodes(), options.nodeSize(), options.subsample(), null,
                options.treeSeeds(7), null));

        long smileStumps = Arrays.stream(smiles.trees()).filter(tree -> tree.size() == 1).count();
        assertThat(smileStumps).as("Smile's trees that are a single leaf").isGreaterThan(options.trees() / 2);
        assertThat(trainingAccuracy(smiles)).isLessThan(trainingAccuracy(ClassificationForest.fit(LABEL, frame(), Y, 2, options, 7)));
    }

    @Test
    void shouldGrowTheSameForestFromTheSameSeed() {
        RandomForest first = ClassificationForest.fit(LABEL, frame(), Y, 2, options(), 11);
        RandomForest second = ClassificationForest.fit(LABEL, frame(), Y, 2, options(), 11);

        assertThat(Arrays.stream(second.trees()).map(tree -> tree.dot()).toList())
                .isEqualTo(Arrays.stream(first.trees()).map(tree -> tree.dot()).toList());
    }

    private static RandomForestOptions options() {
        RandomForestOptions defaults = RandomForestOptions.DEFAULTS;
        return new RandomForestOptions(50, defaults.maxDepth(), defaults.maxNodes(), defaults.nodeSize(), defaults.mtry(), defaults.subsample());
    }

    private static double trainingAccuracy(RandomForest forest) {
        DataFrame frame = frame();
        long right = IntStream.range(0, ROWS).filter(i -> forest.predict(frame.get(i)) == Y[i]).count();
        return (double) right / ROWS;
    }

    private static DataFrame frame() {
        return VectorSchema.of(X[0].length).frame(X).add(new IntVector(VectorSchema.LABEL, Y));
    }

    private static double[][] rows() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] rows = new double[ROWS][1 + CONSTANT_COLUMNS];
        for (double[] row : rows) {
            row[0] = random.nextDouble();
        }
        return rows;
    }
}
