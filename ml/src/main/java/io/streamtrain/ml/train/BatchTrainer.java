package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.ml.evaluate.ClassificationMetrics;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import io.streamtrain.ml.preprocess.PreprocessingFitter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.classification.LogisticRegression;

/**
 * Trains one model per micro-batch: splits the batch by record id, fits preprocessing on the train split, fits
 * Smile logistic regression (binomial for two classes, multinomial for more), evaluates it on the test split and
 * packs the result into a model envelope.
 *
 * <p>A batch that cannot make a meaningful model (too few labelled records, a single class in the batch or the
 * train split, an empty test split, a diverged fit) yields {@link TrainingOutcome.Skipped} with the reason; data
 * never makes this class throw. Records without a label are left out.
 *
 * <p>Cost is linear in the batch's records (each pass, and each optimiser iteration, touches every record once),
 * so it is safe to benchmark by calling {@link #train} directly on synthetic requests. Stateless and thread-safe.
 */
public final class BatchTrainer {

    /** The one algorithm supported. */
    public static final String LOGISTIC_REGRESSION = "logistic-regression";

    private static final Logger LOG = LoggerFactory.getLogger(BatchTrainer.class);

    private final Clock clock;
    private final PreprocessingFitter fitter;

    /** A trainer stamping models with the system clock's time. */
    public BatchTrainer() {
        this(Clock.systemUTC());
    }

    /** A trainer stamping models with {@code clock}'s time. */
    public BatchTrainer(Clock clock) {
        this(clock, new PreprocessingFitter());
    }

    /** A trainer stamping models with {@code clock}'s time and fitting preprocessing with {@code fitter}. */
    public BatchTrainer(Clock clock, PreprocessingFitter fitter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fitter = Objects.requireNonNull(fitter, "fitter");
    }

    /**
     * Trains on {@code request}'s batch.
     *
     * @return the trained envelope, or the reason the batch made no model
     * @throws IllegalArgumentException when the settings name another algorithm or an unusable hyperparameter:
     *                                  a configuration error, which {@code PipelineConfig} already rules out
     */
    public TrainingOutcome train(TrainingRequest request) {
        LogisticRegressionParameters parameters = parametersOf(request);
        long started = System.nanoTime();
        List<CleanRecord> labelled = request.records().stream().filter(r -> r.getLabel() != null).toList();
        Optional<String> problem = BatchChecks.beforeSplit(request, labelled);
        if (problem.isPresent()) {
            return new TrainingOutcome.Skipped(problem.get());
        }
        TrainTestSplit split = TrainTestSplit.byRecordId(labelled, request.settings().testFraction());
        ClassIndex classes = ClassIndex.of(split.train());
        problem = BatchChecks.afterSplit(split, request.settings().testFraction(), classes);
        if (problem.isPresent()) {
            return new TrainingOutcome.Skipped(problem.get());
        }
        return fit(request, parameters, split, classes, started);
    }

    private TrainingOutcome fit(TrainingRequest request, LogisticRegressionParameters parameters, TrainTestSplit split,
                                ClassIndex classes, long started) {
        List<FeatureDefinition> features = request.spec().definitions();
        FittedPreprocessing preprocessing = fitter.fit(features, split.train());
        FeatureTransformer transformer = new FeatureTransformer(features, preprocessing);
        if (transformer.width() == 0) {
            return new TrainingOutcome.Skipped("no feature has a value in the train split");
        }
        LabelledVectors train = LabelledVectors.of(split.train(), transformer, classes);
        LogisticRegression model;
        try {
            model = LogisticRegression.fit(train.x(), train.y(), parameters.toOptions());
        } catch (RuntimeException e) {
            LOG.warn("Logistic regression failed on batch {} of pipeline {}", request.batchId(), request.pipeline(), e);
            return new TrainingOutcome.Skipped("logistic regression failed to fit: " + e);
        }
        Optional<ClassificationMetrics> metrics = TestSetEvaluation.evaluate(model, LabelledVectors.of(split.test(), transformer, classes), classes.size());
        if (metrics.isEmpty()) {
            return new TrainingOutcome.Skipped("logistic regression diverged (non-finite probabilities); raise the lambda hyperparameter");
        }
        Map<String, String> recorded = LogisticRegressionParameters.recorded(request.settings().hyperparameters(), parameters);
        var parts = new EnvelopeAssembler.TrainedParts(recorded, classes, preprocessing, JavaModelSerialization.serialize(model), metrics.get(), split);
        long trainingMillis = (System.nanoTime() - started) / 1_000_000;
        return new TrainingOutcome.Trained(EnvelopeAssembler.assemble(request, parts, clock.instant(), trainingMillis));
    }

    private static LogisticRegressionParameters parametersOf(TrainingRequest request) {
        String algorithm = request.settings().algorithm();
        if (!LOGISTIC_REGRESSION.equals(algorithm)) {
            throw new IllegalArgumentException("algorithm " + algorithm + " is not supported; use " + LOGISTIC_REGRESSION);
        }
        return LogisticRegressionParameters.of(request.settings().hyperparameters());
    }
}
