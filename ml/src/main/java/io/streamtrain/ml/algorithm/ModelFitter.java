package io.streamtrain.ml.algorithm;

import io.streamtrain.ml.model.VectorSchema;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.math.MathEx;

/**
 * Fits the model an {@link AlgorithmOptions} describes on preprocessed vectors. The result is a serializable
 * Smile model (or a {@link io.streamtrain.ml.model.LinearModel}) that {@link io.streamtrain.ml.model.VectorClassifier}
 * or {@link io.streamtrain.ml.model.VectorRegressor} scores.
 *
 * <p>Determinism: random forests get one seed per tree derived from {@code seed}; boosted trees draw their
 * subsamples from Smile's random generator of the calling thread, which is seeded with {@code seed} right before
 * the fit. Logistic and linear regression are deterministic; a logistic regression may start from an earlier
 * model's weights, linear regression is solved in closed form ({@link RidgeRegression}) and has no starting point.
 * Forests keep no fit times ({@link ClassificationForest}, {@link TimelessForests}), so the same data, seed (and starting
 * point) give byte-identical models. Random forests grow their trees on the common fork-join pool, so they use every
 * core. Regression trees search every split point ({@link SmileTreeSettings}).
 */
public final class ModelFitter {

    private static final Formula LABEL = Formula.lhs(VectorSchema.LABEL);

    static {
        SmileTreeSettings.evaluateEverySplitPoint();
    }

    private ModelFitter() {
    }

    /**
     * Fits a classifier on {@code x} with class indices {@code y} in {@code [0, classes)}, every class present.
     *
     * @throws IllegalArgumentException when the options are for an algorithm that does not classify
     * @throws RuntimeException         when Smile fails to fit
     */
    public static Serializable classifier(AlgorithmOptions options, double[][] x, int[] y, long seed) {
        return classifier(options, x, y, seed, Optional.empty()).model();
    }

    /**
     * As {@link #classifier(AlgorithmOptions, double[][], int[], long)}, a logistic regression starting from
     * {@code start}'s weights when {@code start} is a Smile logistic regression of the same shape (a warm start); other
     * algorithms, and a start of another shape, fit from scratch. The caller decides that {@code start}'s inputs and
     * classes mean the same as {@code x}'s and {@code y}'s.
     */
    public static FittedModel classifier(AlgorithmOptions options, double[][] x, int[] y, long seed, Optional<?> start) {
        return switch (options) {
            case LogisticRegressionOptions lr -> {
                LogisticRegressionFit.Result fit = LogisticRegressionFit.fit(x, y, classCount(y), lr, start);
                yield new FittedModel(fit.model(), Map.of(FittedModel.ITERATIONS, Integer.toString(fit.iterations()),
                        FittedModel.WARM_START, Boolean.toString(fit.warm())));
            }
            case RandomForestOptions rf -> new FittedModel(ClassificationForest.fit(LABEL,
                    frame(x).add(new IntVector(VectorSchema.LABEL, y)), y, classCount(y), rf, seed), Map.of());
            case GradientBoostedTreesOptions gbt -> {
                MathEx.setSeed(seed);
                yield new FittedModel(GradientTreeBoost.fit(LABEL, frame(x).add(new IntVector(VectorSchema.LABEL, y)),
                        gbt.toSmileClassification()), Map.of());
            }
            case LinearRegressionOptions _ ->
                    throw new IllegalArgumentException(options.algorithm() + " is a regression algorithm and cannot classify");
        };
    }

    /**
     * Fits a regression model on {@code x} with targets {@code y}.
     *
     * @throws IllegalArgumentException when the options are for an algorithm that does not regress, or the linear system is singular
     * @throws RuntimeException         when Smile fails to fit
     */
    public static Serializable regressor(AlgorithmOptions options, double[][] x, double[] y, long seed) {
        return switch (options) {
            case LinearRegressionOptions linear -> RidgeRegression.fit(x, y, linear.lambda());
            case RandomForestOptions rf -> TimelessForests.of(smile.regression.RandomForest.fit(LABEL,
                    frame(x).add(new DoubleVector(VectorSchema.LABEL, y)), rf.toSmileRegression(x[0].length, seed)));
            case GradientBoostedTreesOptions gbt -> {
                MathEx.setSeed(seed);
                yield smile.regression.GradientTreeBoost.fit(LABEL, frame(x).add(new DoubleVector(VectorSchema.LABEL, y)),
                        gbt.toSmileRegression());
            }
            case LogisticRegressionOptions _ ->
                    throw new IllegalArgumentException(options.algorithm() + " is a classification algorithm and cannot regress");
        };
    }

    private static int classCount(int[] y) {
        return Arrays.stream(y).max().orElse(0) + 1;
    }

    private static DataFrame frame(double[][] x) {
        return VectorSchema.of(x[0].length).frame(x);
    }
}
