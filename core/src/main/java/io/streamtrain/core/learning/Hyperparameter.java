package io.streamtrain.core.learning;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Every hyperparameter of every algorithm, defined once: its algorithm, key, type, default, range and documentation.
 * The pipeline configuration defines its {@code model.<algorithm>.<key>} keys from this list, and the algorithms'
 * options are read from {@link HyperparameterValues} built on it, so a default or a range cannot differ between the two.
 *
 * <p>The defaults of logistic-regression lambda (1), linear-regression lambda (1) and random-forest node size (1)
 * were chosen by the quality benchmark across ten public data sets (BENCHMARKS.md, model quality); the gradient
 * boosted trees' are Smile's.
 */
public enum Hyperparameter {

    LR_LAMBDA(Algorithms.LOGISTIC_REGRESSION, "lambda", 1.0, 0.0, Double.MAX_VALUE,
            "L2 regularisation of logistic regression: lambda/2 * |w|^2 on the summed log loss, scikit-learn's C = 1/lambda. "
                    + "The default 1 (scikit-learn's C = 1) was chosen by the quality benchmark across ten public data sets."),
    LR_TOLERANCE(Algorithms.LOGISTIC_REGRESSION, "tolerance", 1e-5, 1e-12, 0.1,
            "Convergence tolerance of the logistic-regression optimiser: the fit stops once no component of the mean log loss's "
                    + "gradient exceeds it, or once an iteration lowers the loss by less than 2.2e-9 of its size. The default 1e-5 was "
                    + "chosen by the quality benchmark: with it every data set scores, split by split, as scikit-learn's fit run to "
                    + "convergence does, where 1e-4 left four sets a prediction or two apart."),
    LR_MAX_ITERATIONS(Algorithms.LOGISTIC_REGRESSION, "max.iterations", 500, 1, 100_000,
            "Iteration limit of the logistic-regression optimiser (Smile's default, 500)."),

    LINEAR_LAMBDA(Algorithms.LINEAR_REGRESSION, "lambda", 1.0, 0.0, 1e9,
            "L2 (ridge) penalty of linear regression on the sum of squared errors; the intercept is not penalised. "
                    + "0 is ordinary least squares, which fails on collinear features (every one-hot group is). The default 1 "
                    + "(scikit-learn's Ridge alpha = 1 on the same objective) was chosen by the quality benchmark."),

    RF_TREES(Algorithms.RANDOM_FOREST, "trees", 100, 1, 5_000, "Number of trees of the random forest."),
    RF_MAX_DEPTH(Algorithms.RANDOM_FOREST, "max.depth", 20, 2, 200, "Maximum depth of a random-forest tree."),
    RF_MAX_NODES(Algorithms.RANDOM_FOREST, "max.nodes", 512, 2, 1_000_000,
            "Maximum number of leaves of a random-forest tree; bounds the model's size (about 100 bytes per leaf and tree)."),
    RF_NODE_SIZE(Algorithms.RANDOM_FOREST, "node.size", 1, 1, 1_000_000,
            "Smallest number of train records in a random-forest leaf; 1, as scikit-learn, was chosen by the quality benchmark "
                    + "across ten public data sets (leaves of 5 were 1.3 points of accuracy and 0.05 R² behind on average)."),
    RF_MTRY(Algorithms.RANDOM_FOREST, "mtry", 0, 0, 100_000,
            "Input columns tried at each split; 0 means the square root of the model's input width (classification) or a third of it (regression)."),
    RF_SUBSAMPLE(Algorithms.RANDOM_FOREST, "subsample", 1.0, 0.01, 1.0,
            "Share of the train records each tree sees: 1.0 samples with replacement (bootstrap), less samples without replacement."),

    GBT_TREES(Algorithms.GRADIENT_BOOSTED_TREES, "trees", 100, 1, 5_000, "Number of boosting rounds (trees)."),
    GBT_SHRINKAGE(Algorithms.GRADIENT_BOOSTED_TREES, "shrinkage", 0.05, 1e-4, 1.0, "Learning rate: the weight of each tree."),
    GBT_MAX_DEPTH(Algorithms.GRADIENT_BOOSTED_TREES, "max.depth", 20, 2, 200, "Maximum depth of a boosted tree."),
    GBT_MAX_NODES(Algorithms.GRADIENT_BOOSTED_TREES, "max.nodes", 16, 2, 1_000_000, "Maximum number of leaves of a boosted tree."),
    GBT_NODE_SIZE(Algorithms.GRADIENT_BOOSTED_TREES, "node.size", 10, 1, 1_000_000, "Smallest number of train records in a boosted tree's leaf."),
    GBT_SUBSAMPLE(Algorithms.GRADIENT_BOOSTED_TREES, "subsample", 0.7, 0.01, 1.0,
            "Share of the train records, drawn without replacement, that each boosting round fits.");

    /** Whether a hyperparameter holds whole numbers ({@link Integer}) or real ones ({@link Double}). */
    public enum Kind {
        INTEGER, NUMBER
    }

    private final String algorithm;
    private final String key;
    private final Kind kind;
    private final Number defaultValue;
    private final Number min;
    private final Number max;
    private final String doc;

    Hyperparameter(String algorithm, String key, int defaultValue, int min, int max, String doc) {
        this(algorithm, key, Kind.INTEGER, defaultValue, min, max, doc);
    }

    Hyperparameter(String algorithm, String key, double defaultValue, double min, double max, String doc) {
        this(algorithm, key, Kind.NUMBER, defaultValue, min, max, doc);
    }

    Hyperparameter(String algorithm, String key, Kind kind, Number defaultValue, Number min, Number max, String doc) {
        this.algorithm = algorithm;
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.doc = doc;
    }

    /** The algorithm, as in {@code model.algorithm}. */
    public String algorithm() {
        return algorithm;
    }

    /** The key without the algorithm, as recorded in a model envelope: for example {@code trees}. */
    public String key() {
        return key;
    }

    /** The pipeline configuration's key: {@code model.<algorithm>.<key>}. */
    public String configKey() {
        return "model." + algorithm + "." + key;
    }

    public Kind kind() {
        return kind;
    }

    /** The default, an {@link Integer} or a {@link Double} by {@link #kind()}. */
    public Number defaultValue() {
        return defaultValue;
    }

    /** The smallest allowed value, of the same type as the default. */
    public Number min() {
        return min;
    }

    /** The largest allowed value, of the same type as the default. */
    public Number max() {
        return max;
    }

    public String doc() {
        return doc;
    }

    /** {@code algorithm}'s hyperparameters, in definition order; empty for an unknown algorithm. */
    public static List<Hyperparameter> of(String algorithm) {
        return Arrays.stream(values()).filter(h -> h.algorithm.equals(algorithm)).toList();
    }

    /** @throws IllegalArgumentException when {@code algorithm} has no hyperparameter {@code key}, naming the ones it has */
    public static Hyperparameter named(String algorithm, String key) {
        return of(algorithm).stream().filter(h -> h.key.equals(key)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                algorithm + " has no hyperparameter " + key + "; it has " + new TreeSet<>(of(algorithm).stream().map(Hyperparameter::key).toList())));
    }

    /**
     * {@code text} as this hyperparameter's type, unchecked against the range.
     *
     * @throws IllegalArgumentException naming the algorithm, key and text when it is not a number of that type
     */
    public Number parse(String text) {
        try {
            return kind == Kind.INTEGER ? Integer.valueOf(text.strip()) : Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(this + " must be " + (kind == Kind.INTEGER ? "an integer" : "a number")
                    + ", was '" + text + "'", e);
        }
    }

    /**
     * {@code value} as this hyperparameter's type ({@link Integer} or {@link Double}).
     *
     * @throws IllegalArgumentException when it lies outside the range, or is not whole for an integer hyperparameter
     */
    public Number checked(Number value) {
        requireInRange(value.doubleValue());
        if (kind == Kind.NUMBER) {
            return value.doubleValue();
        }
        if (value.doubleValue() != Math.rint(value.doubleValue())) {
            throw new IllegalArgumentException(this + " must be an integer, was " + value);
        }
        return value.intValue();
    }

    /** @throws IllegalArgumentException naming the algorithm, key and range unless {@code min <= value <= max} */
    public void requireInRange(double value) {
        if (!(value >= min.doubleValue() && value <= max.doubleValue())) {
            throw new IllegalArgumentException(this + " must be in [" + format(min.doubleValue()) + ", " + format(max.doubleValue())
                    + "], was " + format(value));
        }
    }

    /** For example {@code random-forest hyperparameter trees}, the start of every error about it. */
    @Override
    public String toString() {
        return algorithm + " hyperparameter " + key;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
