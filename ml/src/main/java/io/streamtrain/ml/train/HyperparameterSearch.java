package io.streamtrain.ml.train;

import io.streamtrain.core.learning.HyperparameterValues;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.algorithm.SearchSpace;
import io.streamtrain.ml.gate.GateMetric;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import io.streamtrain.ml.preprocess.PreprocessingFitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chooses a window's hyperparameters ({@code model.tuning}) by k-fold cross-validation on the <em>train</em> rows:
 * divides them into {@code model.tuning.folds} folds ({@link CrossValidationFolds}: stratified by class for
 * classification), fits preprocessing on each fold's complement, fits every candidate of the algorithm's
 * {@link SearchSpace} once per fold on that fold's complement and scores it on the fold by the gate's metric. A
 * candidate's score is its mean over the folds: with a few hundred train rows one validation share is too small to
 * tell candidates apart (BENCHMARKS.md), while every row validating once is not.
 *
 * <p>The fits run on the given {@link Executor} (the trainer's threads), candidate by candidate, and the search ends at
 * its time budget; the best candidate scored on every fold by then wins if it beats the configured hyperparameters
 * (candidate 0) by more than one standard error of their per-fold difference ({@link #clearlyBetter}); otherwise, or
 * when none beat them, the configured ones stay. No fit starts after the deadline, but one started before it runs to
 * its end on its thread (Smile's fits cannot be interrupted) and its result is ignored; so the search returns at the
 * deadline, and the executor may stay busy for up to one fit longer.
 *
 * <p>The test rows never reach it: {@link BatchTrainer} hands it the train side of the split only.
 */
final class HyperparameterSearch {

    /** The winner's hyperparameters and the report that goes into the envelope. */
    record Outcome(AlgorithmOptions chosen, TuningReport report) {
    }

    private record Scored(int candidate, int fold, TaskLearning.Result result) {
    }

    private final Executor executor;

    HyperparameterSearch(Executor executor) {
        this.executor = executor;
    }

    Outcome search(TrainingSettings settings, TaskLearning learning, List<FeatureDefinition> features, List<CleanRecord> trainRows) {
        long started = System.nanoTime();
        TuningSettings tuning = settings.tuning();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(tuning.maxMillis());
        List<TrainTestSplit> folds = CrossValidationFolds.of(trainRows, tuning.folds(),
                settings.task() == Task.CLASSIFICATION ? learning::classOf : record -> "");
        List<FeatureTransformer> transformers = folds.stream().map(fold -> new FeatureTransformer(features,
                new PreprocessingFitter(settings.preprocessing()).fit(features, fold.train()))).toList();
        List<HyperparameterValues> candidates = SearchSpace.of(settings.algorithm(), tuning.space())
                .candidates(settings.options().values(), tuning.mode() == TuningSettings.Mode.RANDOM, tuning.candidates(), settings.seed());
        CompletionService<Scored> fits = new ExecutorCompletionService<>(executor);
        List<Future<Scored>> submitted = new ArrayList<>();
        // Candidate by candidate, so that the budget leaves whole candidates unscored rather than every one unfinished.
        for (int c = 0; c < candidates.size(); c++) {
            AlgorithmOptions options = AlgorithmOptions.of(candidates.get(c));
            for (int f = 0; f < folds.size(); f++) {
                int candidate = c;
                int fold = f;
                submitted.add(fits.submit(() -> new Scored(candidate, fold, System.nanoTime() >= deadline ? null
                        : learning.fitAndEvaluate(options, settings.seed(), transformers.get(fold), folds.get(fold), WarmStart.none()))));
            }
        }
        TaskLearning.Result[][] results = new TaskLearning.Result[candidates.size()][folds.size()];
        boolean exhausted = false;
        for (int received = 0; received < submitted.size(); received++) {
            Scored scored = next(fits, deadline);
            if (scored == null) {
                exhausted = true;
                break;
            }
            results[scored.candidate()][scored.fold()] = scored.result();
            exhausted |= scored.result() == null;
        }
        submitted.forEach(future -> future.cancel(false));
        return outcome(settings, candidates, results, trainRows.size(), folds.size(), exhausted, (System.nanoTime() - started) / 1_000_000);
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

    private static Outcome outcome(TrainingSettings settings, List<HyperparameterValues> candidates, TaskLearning.Result[][] results,
                                   int rows, int folds, boolean exhausted, long elapsedMillis) {
        GateMetric metric = metricFor(settings);
        List<TuningCandidate> reported = new ArrayList<>(candidates.size());
        List<CandidateScore> scores = new ArrayList<>(candidates.size());
        int best = 0;
        Double bestScore = null;
        for (int i = 0; i < candidates.size(); i++) {
            CandidateScore score = CandidateScore.of(results[i], metric.metricName());
            if (score.value() != null && (bestScore == null || better(metric, score.value(), bestScore))) {
                best = i;
                bestScore = score.value();
            }
            scores.add(score);
            reported.add(new TuningCandidate(candidates.get(i).toStrings(), score.value(), score.outcome()));
        }
        if (best != 0 && scores.getFirst().value() != null
                && !clearlyBetter(scores.get(best).byFold(), scores.getFirst().byFold(), metric.higherIsBetter())) {
            best = 0;
        }
        TuningReport report = TuningReport.newBuilder()
                .setMode(settings.tuning().mode().name().toLowerCase(java.util.Locale.ROOT))
                .setMetric(metric.metricName())
                .setHigherIsBetter(metric.higherIsBetter())
                .setFitRows(rows)
                .setValidationRows(rows)
                .setFolds(folds)
                .setBudgetMillis(settings.tuning().maxMillis())
                .setElapsedMillis(elapsedMillis)
                .setBudgetExhausted(exhausted)
                .setChosen(best)
                .setCandidates(reported)
                .build();
        return new Outcome(AlgorithmOptions.of(candidates.get(best)), report);
    }

    /**
     * Whether a candidate with the per-fold scores {@code challenger} beats the configured one's, {@code configured},
     * by more than one standard error of their per-fold difference (the mean difference over its standard deviation
     * times the square root of the folds exceeds 1). Candidates scored on the same folds differ from fold to fold by
     * more than their true difference on a few hundred rows; without this test the search picked such noise, and the
     * configured hyperparameters, chosen across many data sets, lost accuracy to it (BENCHMARKS.md).
     */
    static boolean clearlyBetter(double[] challenger, double[] configured, boolean higherIsBetter) {
        int folds = challenger.length;
        double[] gain = new double[folds];
        for (int f = 0; f < folds; f++) {
            gain[f] = higherIsBetter ? challenger[f] - configured[f] : configured[f] - challenger[f];
        }
        double mean = Arrays.stream(gain).average().orElseThrow();
        if (folds < 2) {
            return mean > 0;
        }
        double variance = Arrays.stream(gain).map(g -> (g - mean) * (g - mean)).sum() / (folds - 1);
        return mean > Math.sqrt(variance / folds);
    }

    /**
     * One candidate's mean score over its folds, its score per fold, and its outcome as reported: scored only when
     * every fold was, so that every candidate is judged on the same rows.
     *
     * @param value  the mean, or null when it has none
     * @param byFold the score on each fold, when it has a mean
     */
    private record CandidateScore(Double value, double[] byFold, String outcome) {

        static CandidateScore of(TaskLearning.Result[] byFold, String metricName) {
            int run = 0;
            double[] scores = new double[byFold.length];
            boolean finite = true;
            for (TaskLearning.Result result : byFold) {
                if (result instanceof TaskLearning.Failed(String reason)) {
                    return new CandidateScore(null, null, "failed: " + reason);
                }
                if (result instanceof TaskLearning.Fitted fitted) {
                    Double score = fitted.metrics().get(metricName);
                    finite &= score != null && Double.isFinite(score);
                    scores[run++] = finite ? score : 0;
                }
            }
            if (run == 0) {
                return new CandidateScore(null, null, "not run (budget)");
            }
            if (run < byFold.length) {
                return new CandidateScore(null, null, "not finished (budget)");
            }
            return finite ? new CandidateScore(Arrays.stream(scores).average().orElseThrow(), scores, "scored")
                    : new CandidateScore(null, null, "scored, no " + metricName);
        }
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
