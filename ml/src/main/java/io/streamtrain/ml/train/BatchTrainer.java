package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.drift.DriftBaselines;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import io.streamtrain.ml.preprocess.MissingValues;
import io.streamtrain.ml.preprocess.PreprocessingFitter;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one model per micro-batch: keeps the records with a usable label, splits them (hash, stratified or
 * time-ordered), drops the rows the drop-row strategy removes, fits preprocessing on the train split, fits the
 * configured algorithm, evaluates it on the test split and packs the result into a model envelope.
 *
 * <p>A batch that cannot make a meaningful model (empty or below the minimum, a single class, a regression label
 * with zero variance, a feature missing everywhere, an empty split, a failed or diverged fit) yields
 * {@link TrainingOutcome.Skipped} with the reason; data never makes this class throw.
 *
 * <p>Stateless and thread-safe; a single call trains, so benchmarks can call {@link #train} directly.
 */
public final class BatchTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTrainer.class);

    private final Clock clock;

    /** A trainer stamping models with the system clock's time. */
    public BatchTrainer() {
        this(Clock.systemUTC());
    }

    /** A trainer stamping models with {@code clock}'s time. */
    public BatchTrainer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Trains on {@code request}'s batch.
     *
     * @return the trained envelope, or the reason the batch made no model
     * @throws IllegalArgumentException when the settings hold an unusable hyperparameter: a configuration error,
     *                                  which {@code PipelineConfig} already rules out
     */
    public TrainingOutcome train(TrainingRequest request) {
        TrainingSettings settings = request.settings();
        AlgorithmOptions options = AlgorithmOptions.of(settings.algorithm(), settings.hyperparameters());
        long started = System.nanoTime();
        TaskLearning learning = TaskLearning.of(settings.task());
        List<CleanRecord> labelled = request.records().stream().filter(learning::hasUsableLabel).toList();
        int unusable = request.records().size() - labelled.size();
        if (unusable > 0) {
            LOG.info("Batch {} of pipeline {}: {} of {} records have no usable {} label and are left out", request.batchId(),
                    request.pipeline(), unusable, request.records().size(), settings.task().name().toLowerCase());
        }
        Optional<String> problem = BatchChecks.beforeSplit(request, labelled, learning);
        if (problem.isPresent()) {
            return skipped(request, problem.get());
        }
        List<FeatureDefinition> features = request.spec().definitions();
        TrainTestSplit split = TrainTestSplit.of(settings.splitStrategy(), labelled, settings.testFraction(), learning::classOf);
        TrainTestSplit kept = new TrainTestSplit(
                MissingValues.withoutDroppedRows(features, settings.preprocessing(), split.train()),
                MissingValues.withoutDroppedRows(features, settings.preprocessing(), split.test()));
        problem = BatchChecks.afterSplit(kept, settings, features, learning);
        if (problem.isPresent()) {
            return skipped(request, problem.get());
        }
        FittedPreprocessing preprocessing = new PreprocessingFitter(settings.preprocessing()).fit(features, kept.train());
        FeatureTransformer transformer = new FeatureTransformer(features, preprocessing);
        return switch (learning.fitAndEvaluate(options, settings.seed(), transformer, kept)) {
            case TaskLearning.Failed(String reason) -> skipped(request, reason);
            case TaskLearning.Fitted fitted -> {
                var parts = new EnvelopeAssembler.TrainedParts(options, fitted, preprocessing, JavaModelSerialization.serialize(fitted.model()), kept,
                        driftBaseline(features, kept, fitted));
                long trainingMillis = (System.nanoTime() - started) / 1_000_000;
                yield new TrainingOutcome.Trained(EnvelopeAssembler.assemble(request, parts, clock.instant(), trainingMillis));
            }
        };
    }

    /**
     * The drift baseline of a model: feature distributions on the train split, and its predictions' distribution on
     * the test split (predicted classes, or binned predicted values for regression).
     */
    private static DriftBaseline driftBaseline(List<FeatureDefinition> features, TrainTestSplit split, TaskLearning.Fitted fitted) {
        return DriftBaselines.of(features, split.train(), fitted.predictions());
    }

    private static TrainingOutcome skipped(TrainingRequest request, String reason) {
        LOG.debug("Batch {} of pipeline {} makes no model: {}", request.batchId(), request.pipeline(), reason);
        return new TrainingOutcome.Skipped(reason);
    }
}
