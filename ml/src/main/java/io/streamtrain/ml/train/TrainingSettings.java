package io.streamtrain.ml.train;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.algorithm.SearchSpace;
import io.streamtrain.ml.gate.GateConfig;
import java.util.Map;
import java.util.Objects;

/**
 * How a pipeline trains.
 *
 * @param task            classification or regression
 * @param options         the algorithm, one of {@link Algorithms#forTask(Task)}, and its hyperparameters; the envelope
 *                        records every value used
 * @param seed            seed of every random choice in training
 * @param testFraction    share of each batch held out for evaluation, in (0, 1)
 * @param splitStrategy   how the held-out records are chosen; stratified needs classification
 * @param minRecords      batches with fewer usable records publish no model
 * @param preprocessing   the data preparation fitted on the train split
 * @param tuning          the per-window hyperparameter search; {@link TuningSettings#NONE} trains {@code options}
 */
public record TrainingSettings(Task task, AlgorithmOptions options, long seed, double testFraction,
                               SplitStrategy splitStrategy, int minRecords, PreprocessingSpec preprocessing, TuningSettings tuning) {

    /** Seed used by {@link #of}. */
    public static final long DEFAULT_SEED = 42L;

    public TrainingSettings {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        String algorithm = options.algorithm();
        Objects.requireNonNull(splitStrategy, "splitStrategy");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(tuning, "tuning");
        // Builds the search space now so that a bad model.tuning.<algorithm>.<key> value fails with the settings, not mid-search.
        SearchSpace.of(algorithm, tuning.space());
        if (!Algorithms.forTask(task).contains(algorithm)) {
            throw new IllegalArgumentException("algorithm " + algorithm + " does not serve task " + task + "; use one of " + Algorithms.forTask(task));
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), was " + testFraction);
        }
        if (splitStrategy == SplitStrategy.STRATIFIED && task != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("the stratified split needs a classification task");
        }
        if (minRecords < 2) {
            throw new IllegalArgumentException("minRecords must be at least 2, was " + minRecords);
        }
    }

    /** Settings without a hyperparameter search. */
    public TrainingSettings(Task task, AlgorithmOptions options, long seed, double testFraction,
                            SplitStrategy splitStrategy, int minRecords, PreprocessingSpec preprocessing) {
        this(task, options, seed, testFraction, splitStrategy, minRecords, preprocessing, TuningSettings.NONE);
    }

    /**
     * {@code algorithm} for {@code task} with the given hyperparameters as text (absent ones at their defaults); seed 42,
     * a 0.2 hash split, 50 records at least, default preprocessing.
     *
     * @throws IllegalArgumentException for an unknown key or a value that is not a number or out of range
     */
    public static TrainingSettings of(Task task, String algorithm, Map<String, String> hyperparameters) {
        return new TrainingSettings(task, AlgorithmOptions.of(algorithm, hyperparameters), DEFAULT_SEED, 0.2, SplitStrategy.HASH, 50, PreprocessingSpec.DEFAULTS);
    }

    public static TrainingSettings from(PipelineConfig config) {
        return new TrainingSettings(config.task(), AlgorithmOptions.of(config.hyperparameters()), config.seed(), config.testFraction(),
                config.splitStrategy(), config.minTrainingRecords(), config.preprocessing(), tuningOf(config));
    }

    /** The algorithm, as in {@code model.algorithm}. */
    public String algorithm() {
        return options.algorithm();
    }

    /** These settings with {@code preprocessing} instead. */
    public TrainingSettings withPreprocessing(PreprocessingSpec preprocessing) {
        return new TrainingSettings(task, options, seed, testFraction, splitStrategy, minRecords, preprocessing, tuning);
    }

    /** These settings with {@code splitStrategy} instead. */
    public TrainingSettings withSplit(SplitStrategy splitStrategy) {
        return new TrainingSettings(task, options, seed, testFraction, splitStrategy, minRecords, preprocessing, tuning);
    }

    /** These settings with {@code seed} instead. */
    public TrainingSettings withSeed(long seed) {
        return new TrainingSettings(task, options, seed, testFraction, splitStrategy, minRecords, preprocessing, tuning);
    }

    /** These settings with {@code tuning} instead. */
    public TrainingSettings withTuning(TuningSettings tuning) {
        return new TrainingSettings(task, options, seed, testFraction, splitStrategy, minRecords, preprocessing, tuning);
    }

    /** The {@code model.tuning.*} settings, compared by the gate's metric ({@code gate.metric}). */
    private static TuningSettings tuningOf(PipelineConfig config) {
        return new TuningSettings(TuningSettings.Mode.of(config.tuningMode()), config.tuningMaxMillis(), config.tuningCandidates(),
                config.tuningFolds(), new GateConfig(config.originals()).gate().metric(), config.tuningSpace());
    }
}
