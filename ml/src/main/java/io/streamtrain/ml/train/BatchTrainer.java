package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.drift.DriftBaselines;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.onnx.OnnxAttachment;
import io.streamtrain.ml.onnx.OnnxExport;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import io.streamtrain.ml.preprocess.MissingValues;
import io.streamtrain.ml.preprocess.PreprocessingFitter;
import io.streamtrain.ml.rows.RecordView;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one model per micro-batch and its training horizon: keeps the records with a usable label, splits them
 * ({@link EvaluationSplit}: hash, stratified or time-ordered, of the newest window or of every window), drops the rows
 * the drop-row strategy removes, fits preprocessing on the train split, fits the configured algorithm, evaluates it on
 * the test split (with the hyperparameters a {@code model.tuning} search chose on the train rows, when enabled),
 * optionally fits it again on every row ({@code train.refit}), writes the published model with its preprocessing as
 * an ONNX graph checked by ONNX Runtime on the test rows ({@link OnnxAttachment}) and packs the result into a model
 * envelope. A logistic regression starts from the request's {@link WarmStart} when it applies.
 *
 * <p>A batch that cannot make a meaningful model (empty or below the minimum, a single class, a regression label
 * with zero variance, a feature missing everywhere, an empty split, a failed or diverged fit) yields
 * {@link TrainingOutcome.Skipped} with the reason; data never makes this class throw. So does a model whose ONNX graph
 * cannot be written or disagrees with it: it is not published.
 *
 * <p>Stateless and thread-safe; a single call trains, so benchmarks can call {@link #train} directly.
 */
public final class BatchTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTrainer.class);

    private final Clock clock;
    private final HyperparameterSearch search;
    private final OnnxAttachment onnx;

    /** A trainer stamping models with the system clock's time. */
    public BatchTrainer() {
        this(Clock.systemUTC());
    }

    /** A trainer stamping models with {@code clock}'s time; a hyperparameter search fits its candidates on the calling thread. */
    public BatchTrainer(Clock clock) {
        this(clock, Runnable::run);
    }

    /**
     * A trainer stamping models with {@code clock}'s time whose hyperparameter search ({@code model.tuning}) fits its
     * candidates on {@code tuningFits}, for example the trainer's pool of {@code trainer.threads}.
     */
    public BatchTrainer(Clock clock, Executor tuningFits) {
        this(clock, tuningFits, new OnnxAttachment(OnnxExport::of));
    }

    /**
     * A trainer stamping models with the system clock's time whose hyperparameter search fits its candidates on a pool
     * of {@code threads} daemon threads of its own (the trainer passes {@code trainer.threads}). The search waits for
     * them on the training thread, so it returns at its budget even while a fit runs on; idle pool threads end after a
     * minute, so a trainer that never tunes holds none.
     */
    public static BatchTrainer withTuningThreads(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("streamtrain-tuning-", 1).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        return new BatchTrainer(Clock.systemUTC(), pool);
    }

    /** As {@link #BatchTrainer(Clock, Executor)}, the ONNX graphs written and checked by {@code onnx}. */
    public BatchTrainer(Clock clock, Executor tuningFits, OnnxAttachment onnx) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.search = new HyperparameterSearch(Objects.requireNonNull(tuningFits, "tuningFits"));
        this.onnx = Objects.requireNonNull(onnx, "onnx");
    }

    /**
     * Trains on {@code request}'s batch.
     *
     * @return the trained envelope, or the reason the batch made no model
     */
    public TrainingOutcome train(TrainingRequest request) {
        TrainingSettings settings = request.settings();
        long started = System.nanoTime();
        TaskLearning learning = TaskLearning.of(settings.task());
        List<CleanRecord> labelled = usable(request, learning);
        Optional<String> problem = BatchChecks.beforeSplit(request, labelled, learning);
        if (problem.isPresent()) {
            return skipped(request, problem.get());
        }
        List<FeatureDefinition> features = request.spec().definitions();
        TrainTestSplit split = EvaluationSplit.of(request, learning::hasUsableLabel, learning::classOf);
        TrainTestSplit kept = new TrainTestSplit(
                MissingValues.withoutDroppedRows(features, settings.preprocessing(), split.train()),
                MissingValues.withoutDroppedRows(features, settings.preprocessing(), split.test()));
        problem = BatchChecks.afterSplit(kept, settings, features, learning);
        if (problem.isPresent()) {
            return skipped(request, problem.get());
        }
        // The search sees the train rows only: the test rows stay unseen until the chosen model is evaluated on them.
        Optional<HyperparameterSearch.Outcome> tuned = settings.tuning().enabled()
                ? Optional.of(search.search(settings, learning, features, kept.train())) : Optional.empty();
        AlgorithmOptions options = tuned.map(HyperparameterSearch.Outcome::chosen).orElse(settings.options());
        TuningReport tuning = tuned.map(HyperparameterSearch.Outcome::report).orElse(null);
        FittedPreprocessing preprocessing = new PreprocessingFitter(settings.preprocessing()).fit(features, kept.train());
        FeatureTransformer transformer = new FeatureTransformer(features, preprocessing);
        return switch (learning.fitAndEvaluate(options, settings.seed(), transformer, kept, request.start())) {
            case TaskLearning.Failed(String reason) -> skipped(request, reason);
            case TaskLearning.Fitted fitted -> {
                EnvelopeAssembler.TrainedParts evaluated = new EnvelopeAssembler.TrainedParts(options, fitted, preprocessing,
                        JavaModelSerialization.serialize(fitted.model()), kept, driftBaseline(features, kept, fitted), false, tuning);
                EnvelopeAssembler.TrainedParts published = request.horizon().policy().refit()
                        ? refit(request, learning, options, evaluated) : evaluated;
                yield switch (onnx.attach(features, published.preprocessing(), published.fitted().classes(), published.fitted().model(),
                        kept.test())) {
                    case OnnxAttachment.Refused(String reason) -> skipped(request, reason);
                    case OnnxAttachment.Attached(var graph) -> new TrainingOutcome.Trained(EnvelopeAssembler.assemble(request, published,
                            graph, clock.instant(), (System.nanoTime() - started) / 1_000_000));
                };
            }
        };
    }

    /** The request's records with a usable label, earlier windows first; logs how many are left out. */
    private static List<CleanRecord> usable(TrainingRequest request, TaskLearning learning) {
        List<CleanRecord> labelled = RecordView.concat(RecordView.filter(request.horizon().earlier(), learning::hasUsableLabel),
                RecordView.filter(request.records(), learning::hasUsableLabel));
        long unusable = request.horizon().earlier().size() + request.records().size() - labelled.size();
        if (unusable > 0) {
            LOG.info("Batch {} of pipeline {}: {} of {} records have no usable {} label and are left out", request.batchId(),
                    request.pipeline(), unusable, request.horizon().earlier().size() + request.records().size(),
                    request.settings().task().name().toLowerCase());
        }
        return labelled;
    }

    /**
     * The evaluated model fit again, with its preprocessing, on every kept row (train and test) so that no labelled row
     * is wasted; the metrics, confusion matrix, residuals and drift baseline stay the evaluated fit's. The evaluated model is
     * published instead, and the lineage says it was not refit, when the refit fails or would know other classes than
     * the evaluated fit (a class only among the test rows): its metrics would then not describe its classes.
     */
    private static EnvelopeAssembler.TrainedParts refit(TrainingRequest request, TaskLearning learning, AlgorithmOptions options,
                                                        EnvelopeAssembler.TrainedParts evaluated) {
        TrainTestSplit kept = evaluated.split();
        List<CleanRecord> every = RecordView.concat(kept.train(), kept.test());
        List<FeatureDefinition> features = request.spec().definitions();
        FittedPreprocessing preprocessing = new PreprocessingFitter(request.settings().preprocessing()).fit(features, every);
        // Evaluated on the test rows only to reuse the fit path; those figures are discarded (the rows were trained on).
        TaskLearning.Result refit = learning.fitAndEvaluate(options, request.settings().seed(),
                new FeatureTransformer(features, preprocessing), new TrainTestSplit(every, kept.test()), request.start());
        if (!(refit instanceof TaskLearning.Fitted fitted) || !fitted.classes().equals(evaluated.fitted().classes())) {
            LOG.info("Batch {} of pipeline {}: the refit on every row {}; the evaluated model is published", request.batchId(),
                    request.pipeline(), refit instanceof TaskLearning.Failed(String reason) ? "failed (" + reason + ")"
                            : "found classes the evaluated fit did not know");
            return evaluated;
        }
        TaskLearning.Fitted published = new TaskLearning.Fitted(fitted.model(), fitted.classes(), evaluated.fitted().metrics(),
                evaluated.fitted().confusion(), evaluated.fitted().predictions(), fitted.fitFacts(), evaluated.fitted().residuals());
        return new EnvelopeAssembler.TrainedParts(options, published, preprocessing, JavaModelSerialization.serialize(fitted.model()),
                kept, evaluated.baseline(), true, evaluated.tuning());
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
