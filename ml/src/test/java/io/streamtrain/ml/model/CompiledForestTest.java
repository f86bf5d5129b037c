package io.streamtrain.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.ml.algorithm.ModelFitter;
import io.streamtrain.ml.algorithm.RandomForestOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.measure.NominalScale;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.model.cart.SplitRule;

/**
 * Random forests trained as the trainer trains them and loaded as the scorer loads them score from their flat
 * compiled form with exactly Smile's results: the same class, the same bits in every posterior, the same value.
 * The scoring vectors sit mostly on the candidate split points (the training values and the midpoints between
 * neighbouring ones, where Smile puts its thresholds), so many land exactly on a threshold.
 */
class CompiledForestTest {

    /** Four continuous columns, two on an integer grid, a one-hot group of three. */
    private static final int WIDTH = 9;
    private static final int ROWS = 1_500;
    private static final int VECTORS = 4_000;

    @Test
    void shouldScoreBinaryForestExactlyAsSmile() {
        assertClassifiesExactlyAsSmile(2, 40, 11L);
    }

    @Test
    void shouldScoreFourClassForestOfAnOddNumberOfTreesExactlyAsSmile() {
        // Trees are walked two at a time; an odd count leaves one to walk alone.
        assertClassifiesExactlyAsSmile(4, 41, 12L);
    }

    @Test
    void shouldScoreRegressionForestOfAnOddNumberOfTreesExactlyAsSmile() {
        double[][] x = trainingVectors(new SplittableRandom(13L));
        double[] y = Arrays.stream(x).mapToDouble(v -> score(v, 0) + Math.sin(3 * v[1])).toArray();
        Serializable fitted = ModelFitter.regressor(options(41), x, y, 42L);
        smile.regression.RandomForest forest = (smile.regression.RandomForest) reloaded(fitted);
        VectorSchema schema = VectorSchema.of(WIDTH);

        VectorRegressor regressor = VectorRegressor.of(forest, WIDTH);

        assertThat(regressor.toString()).startsWith("flat random forest of 41 trees");
        for (double[] v : scoringVectors(x, new SplittableRandom(14L))) {
            assertThat(regressor.predict(v)).as("value for %s", Arrays.toString(v)).isEqualTo(forest.predict(schema.tuple(v)));
        }
    }

    @Test
    void shouldKeepSmilesPredictForAForestWithNominalSplits() {
        Random random = new Random(5);
        int rows = 400;
        int[] category = new int[rows];
        double[] number = new double[rows];
        int[] label = new int[rows];
        for (int i = 0; i < rows; i++) {
            category[i] = random.nextInt(3);
            number[i] = random.nextGaussian();
            label[i] = category[i] == 2 || number[i] > 1 ? 1 : 0;
        }
        DataFrame frame = new DataFrame(new IntVector(new StructField("v0", DataTypes.IntType, new NominalScale("a", "b", "c")), category),
                new DoubleVector("v1", number), new IntVector(VectorSchema.LABEL, label));
        RandomForest forest = RandomForest.fit(Formula.lhs(VectorSchema.LABEL), frame, new RandomForest.Options(10, 2, SplitRule.GINI,
                10, 32, 5, 1.0, null, new SplittableRandom(6).longs(10).toArray(), null));

        VectorClassifier classifier = VectorClassifier.of(forest, 2);

        assertThat(classifier.toString()).isEqualTo("Smile RandomForest on 2-wide tuples");
        VectorSchema schema = VectorSchema.of(2);
        for (int i = 0; i < rows; i++) {
            double[] v = {category[i], number[i]};
            double[] expected = new double[2];
            double[] actual = new double[2];
            assertThat(classifier.predict(v, actual)).isEqualTo(forest.predict(schema.tuple(v), expected));
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static void assertClassifiesExactlyAsSmile(int classes, int trees, long seed) {
        double[][] x = trainingVectors(new SplittableRandom(seed));
        int[] y = Arrays.stream(x).mapToInt(v -> label(v, classes)).toArray();
        Serializable fitted = ModelFitter.classifier(options(trees), x, y, 42L);
        RandomForest forest = (RandomForest) reloaded(fitted);
        VectorSchema schema = VectorSchema.of(WIDTH);

        VectorClassifier classifier = VectorClassifier.of(forest, WIDTH);

        assertThat(classifier.toString()).startsWith("flat random forest of " + trees + " trees");
        assertThat(classifier.classes()).containsExactly(forest.classes());
        assertThat(Arrays.stream(forest.models()).mapToDouble(RandomForest.Model::weight).distinct().count())
                .as("distinct tree weights (the compiled leaves carry them)").isGreaterThan(1);
        double[] expected = new double[classes];
        double[] actual = new double[classes];
        for (double[] v : scoringVectors(x, new SplittableRandom(seed + 100))) {
            int smileClass = forest.predict(schema.tuple(v), expected);
            int flatClass = classifier.predict(v, actual);
            assertThat(flatClass).as("class for %s", Arrays.toString(v)).isEqualTo(smileClass);
            assertThat(actual).as("posteriors for %s", Arrays.toString(v)).isEqualTo(expected);
        }
        assertScoresTogetherAsOneByOne(classifier, scoringVectors(x, new SplittableRandom(seed + 200)), classes);
    }

    /**
     * A whole batch gets exactly each vector's own answer: on a pool of two threads, four blocks of 195 vectors (one
     * of them walks each tree alone) and a last of 194.
     */
    private static void assertScoresTogetherAsOneByOne(VectorClassifier classifier, List<double[]> vectors, int classes) {
        double[][] xs = vectors.subList(0, Math.min(vectors.size(), 3 * 256 + 11)).toArray(double[][]::new);
        assertThat(xs.length % 2).as("an odd batch, so one vector walks alone").isOne();
        double[][] together = new double[xs.length][classes];

        int[] predicted;
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            predicted = classifier.predictAll(xs, together, pool);
        }

        for (int i = 0; i < xs.length; i++) {
            double[] alone = new double[classes];
            assertThat(predicted[i]).as("class of vector %d", i).isEqualTo(classifier.predict(xs[i], alone));
            assertThat(together[i]).as("posteriors of vector %d", i).isEqualTo(alone);
        }
    }

    /** The trainer's settings for a random forest with fewer trees, reloaded through the envelope's serialization. */
    private static RandomForestOptions options(int trees) {
        return new RandomForestOptions(trees, RandomForestOptions.DEFAULTS.maxDepth(), RandomForestOptions.DEFAULTS.maxNodes(),
                RandomForestOptions.DEFAULTS.nodeSize(), 0, 1.0);
    }

    private static Object reloaded(Serializable model) {
        try {
            return JavaModelSerialization.deserialize(JavaModelSerialization.serialize(model));
        } catch (Exception e) {
            throw new AssertionError("model does not round-trip", e);
        }
    }

    private static double[][] trainingVectors(SplittableRandom random) {
        double[][] x = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            x[i] = randomVector(random);
        }
        return x;
    }

    private static double[] randomVector(SplittableRandom random) {
        double[] v = new double[WIDTH];
        for (int j = 0; j < 4; j++) {
            v[j] = random.nextGaussian();
        }
        v[4] = random.nextInt(10);
        v[5] = random.nextInt(10);
        v[6 + random.nextInt(3)] = 1.0;
        return v;
    }

    private static double score(double[] v, int shift) {
        return v[(shift) % 4] - 0.5 * v[(shift + 1) % 4] + 0.2 * v[4 + shift % 2] + (v[6 + shift % 3] - 0.5);
    }

    private static int label(double[] v, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (score(v, c) > score(v, best)) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Vectors on candidate thresholds (each value a training value or a midpoint of two neighbouring ones, grid and
     * one-hot columns also on half steps), fresh random vectors, and values preprocessing never makes (NaN, infinities,
     * -0.0), where Smile's split test sends NaN to the false side.
     */
    private static List<double[]> scoringVectors(double[][] x, SplittableRandom random) {
        double[][] candidates = new double[WIDTH][];
        for (int j = 0; j < WIDTH; j++) {
            TreeSet<Double> values = new TreeSet<>();
            for (double[] row : x) {
                values.add(row[j]);
            }
            List<Double> points = new ArrayList<>(values);
            Double previous = null;
            for (double value : values) {
                if (previous != null) {
                    points.add((previous + value) / 2);
                }
                previous = value;
            }
            candidates[j] = points.stream().mapToDouble(Double::doubleValue).toArray();
        }
        List<double[]> vectors = new ArrayList<>();
        for (int i = 0; i < VECTORS * 3 / 4; i++) {
            double[] v = new double[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                v[j] = candidates[j][random.nextInt(candidates[j].length)];
            }
            vectors.add(v);
        }
        while (vectors.size() < VECTORS - 8) {
            vectors.add(randomVector(random));
        }
        double[] unusual = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        for (double value : unusual) {
            double[] all = new double[WIDTH];
            Arrays.fill(all, value);
            vectors.add(all);
            double[] one = randomVector(random);
            one[random.nextInt(WIDTH)] = value;
            vectors.add(one);
        }
        return vectors;
    }
}
