package io.streamtrain.ml.train;

import io.streamtrain.core.learning.HyperparameterValues;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.algorithm.SearchSpace;
import io.streamtrain.ml.gate.GateMetric;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import io.streamtrain.ml.preprocess.PreprocessingFitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chooses a window's hyperparameters ({@code model.tuning}): holds out a validation share of the <em>train</em> rows
 * (stratified by class for classification, by record-id hash alike for regression), fits preprocessing on the rest,
 * fits every candidate of the algorithm's {@link SearchSpace} on the rest and scores it on the validation rows by the
 * gate's metric. The fits run on the given {@link Executor} (the trainer's threads) and the search ends at its time
 * budget; the best candidate scored by then wins, the configured hyperparameters (candidate 0) when none beat them.
 *
 * <p>The test rows never reach it: {@link BatchTrainer} hands it the train side of the split only. A fit still
 * running at the deadline is left to finish on its thread, its result ignored, since Smile's fits cannot be interrupted.
 */
final class HyperparameterSearch {

    /** The winner's hyperparameters and the report that goes into the envelope. */
    record Outcome(AlgorithmOptions chosen, TuningReport report) {
    }

    private record Scored(int index, TaskLearning.Result result) {
    }

    private final Executor executor;

    HyperparameterSearch(Executor executor) {
        this.executor = executor;
    }

    Outcome search(TrainingSettings settings, TaskLearning learning, List<FeatureDefinition> features, List<CleanRecord> trainRows) {
        long started = System.nanoTime();
        TuningSettings tuning = settings.tuning();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(tuning.maxMillis());
        TrainTestSplit validation = TrainTestSplit.of(SplitStrategy.STRATIFIED, trainRows, tuning.validationFraction(),
                settings.task() == Task.CLASSIFICATION ? learning::classOf : record -> "");
        FittedPreprocessing preprocessing = new PreprocessingFitter(settings.preprocessing()).fit(features, validation.train());
        FeatureTransformer transformer = new FeatureTransformer(features, preprocessing);
        List<HyperparameterValues> candidates = SearchSpace.of(settings.algorithm(), tuning.space())
                .candidates(settings.options().values(), tuning.mode() == TuningSettings.Mode.RANDOM, tuning.candidates(), settings.seed());
        CompletionService<Scored> fits = new ExecutorCompletionService<>(executor);
        List<Future<Scored>> submitted = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            int index = i;
            AlgorithmOptions options = AlgorithmOptions.of(candidates.get(i));
            submitted.add(fits.submit(() -> System.nanoTime() >= deadline ? new Scored(index, null)
                    : new Scored(index, learning.fitAndEvaluate(options, settings.seed(), transformer, validation, WarmStart.none()))));
        }
        TaskLearning.Result[] results = new TaskLearning.Result[candidates.size()];
        boolean exhausted = false;
        for (int received = 0; received < candidates.size(); received++) {
            Scored scored = next(fits, deadline);
            if (scored == null) {
                exhausted = true;
                break;
            }
            results[scored.index()] = scored.result();
            exhausted |= scored.result() == null;
        }
        submitted.forEach(future -> future.cancel(false));
        return outcome(settings, candidates, results, validation, exhausted, (System.nanoTime() - started) / 1_000_000);
    }

    /** The next finished fit, or null once the deadline has passed. */
    private static Scored next(CompletionService<Scored> fits, long deadline) {
        try {
            Future<Scored> done = fits.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return done == null ? null : done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a tuning fit threw", e.getCause());
        }
    }

    private static Outcome outcome(TrainingSettings settings, List<HyperparameterValues> candidates, TaskLearning.Result[] results,
                                   TrainTestSplit validation, boolean exhausted, long elapsedMillis) {
        GateMetric metric = metricFor(settings);
        List<TuningCandidate> reported = new ArrayList<>(candidates.size());
        int best = 0;
        Double bestScore = null;
        for (int i = 0; i < candidates.size(); i++) {
            Double score = null;
            String outcome;
            if (results[i] == null) {
                outcome = "not run (budget)";
            } else if (results[i] instanceof TaskLearning.Failed(String reason)) {
                outcome = "failed: " + reason;
            } else {
                score = ((TaskLearning.Fitted) results[i]).metrics().get(metric.metricName());
                outcome = score == null || score.isNaN() ? "scored, no " + metric.metricName() : "scored";
                if (score != null && !score.isNaN() && (bestScore == null || better(metric, score, bestScore))) {
                    best = i;
                    bestScore = score;
                }
            }
            reported.add(new TuningCandidate(candidates.get(i).toStrings(), score == null || score.isNaN() ? null : score, outcome));
        }
        TuningReport report = TuningReport.newBuilder()
                .setMode(settings.tuning().mode().name().toLowerCase(java.util.Locale.ROOT))
                .setMetric(metric.metricName())
                .setHigherIsBetter(metric.higherIsBetter())
                .setFitRows(validation.train().size())
                .setValidationRows(validation.test().size())
                .setBudgetMillis(settings.tuning().maxMillis())
                .setElapsedMillis(elapsedMillis)
                .setBudgetExhausted(exhausted)
                .setChosen(best)
                .setCandidates(reported)
                .build();
        return new Outcome(AlgorithmOptions.of(candidates.get(best)), report);
    }

    /** Strictly better, so that on a tie the earlier candidate (the configured one first) stays. */
    private static boolean better(GateMetric metric, double score, double best) {
        return metric.higherIsBetter() ? score > best : score < best;
    }

    /**
     * The gate's metric when the task reports it; otherwise (f1, the gate's default, on a regression) accuracy for
     * classification and R² for regression.
     */
    static GateMetric metricFor(TrainingSettings settings) {
        GateMetric metric = settings.tuning().metric();
        boolean regressionMetric = metric == GateMetric.R2 || metric == GateMetric.RMSE || metric == GateMetric.MSE || metric == GateMetric.MAE;
        if (regressionMetric == (settings.task() == Task.REGRESSION)) {
            return metric;
        }
        return settings.task() == Task.REGRESSION ? GateMetric.R2 : GateMetric.ACCURACY;
    }
}
