package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.gate.GateMetric;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-window hyperparameter search ({@code model.tuning}), through {@link BatchTrainer}. */
class HyperparameterSearchTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T01:00:00Z"), ZoneOffset.UTC);
    /** A penalty so large that ridge regression predicts about the mean: an R² near 0 against the default's near 1. */
    private static final String USELESS_LAMBDA = "1.0E9";
    private static final String GOOD_LAMBDA = "1.0E-4";
    private static final int FOLDS = 5;

    private final ExecutorService fits = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopFits() {
        fits.shutdownNow();
    }

    @Test
    void shouldChooseTheClearlyBetterCandidateWhicheverIsConfigured() {
        ModelEnvelope fromUseless = tuned(USELESS_LAMBDA, GOOD_LAMBDA, 60_000, new BatchTrainer(CLOCK, fits));
        ModelEnvelope fromGood = tuned(GOOD_LAMBDA, USELESS_LAMBDA, 60_000, new BatchTrainer(CLOCK, fits));

        TuningReport report = fromUseless.getTuning();
        assertThat(report.getMode()).isEqualTo("grid");
        assertThat(report.getMetric()).isEqualTo("r2");
        assertThat(report.getCandidates()).extracting(TuningCandidate::getOutcome).containsExactly("scored", "scored");
        assertThat(report.getCandidates().get(1).getScore()).isGreaterThan(0.9);
        assertThat(report.getCandidates().get(0).getScore()).isLessThan(0.1);
        assertThat(report.getChosen()).isEqualTo(1);
        assertThat(fromUseless.getHyperparameters()).containsEntry("lambda", GOOD_LAMBDA);
        assertThat(fromUseless.getMetrics().get("r2")).as("the model evaluated on the test rows is the chosen one").isGreaterThan(0.9);

        assertThat(fromGood.getTuning().getChosen()).isZero();
        assertThat(fromGood.getHyperparameters()).containsEntry("lambda", GOOD_LAMBDA);
    }

    @Test
    void shouldCrossValidateTheCandidatesOnTheTrainRowsOnly() {
        ModelEnvelope envelope = tuned(USELESS_LAMBDA, GOOD_LAMBDA, 60_000, new BatchTrainer(CLOCK, fits));

        TuningReport report = envelope.getTuning();
        long trainRows = envelope.getLineage().getTrainCount();
        assertThat(envelope.getLineage().getTestCount()).isPositive();
        assertThat(report.getFolds()).isEqualTo(FOLDS);
        assertThat(report.getFitRows()).as("the candidates' rows are exactly the model's train rows").isEqualTo(trainRows);
        assertThat(report.getValidationRows()).as("every train row scores each candidate once").isEqualTo(trainRows);
    }

    @Test
    void shouldNeverLetATestRowReachATuningFit() {
        // The rows the evaluation split holds out get absurd labels: any of them in a fold, fitted or scored, would
        // wreck the good candidate's cross-validated R²; they only ever judge the chosen model.
        TrainingSettings settings = settings(USELESS_LAMBDA, GOOD_LAMBDA, 60_000);
        List<CleanRecord> rows = Batches.linearTarget(600, 5).stream()
                .map(row -> TrainTestSplit.isTest(row.getRecordId(), settings.testFraction())
                        ? Batches.record(row.getRecordId(), 1.0E6, row.getFeatures().toArray()) : row)
                .toList();

        TrainingOutcome outcome = new BatchTrainer(CLOCK, fits).train(Batches.request(Batches.SPEC, settings, rows));

        ModelEnvelope envelope = ((TrainingOutcome.Trained) outcome).envelope();
        assertThat(envelope.getLineage().getTestCount()).isPositive();
        assertThat(envelope.getTuning().getCandidates().get(1).getScore()).isGreaterThan(0.9);
        assertThat(envelope.getMetrics().get("r2")).as("the poisoned test rows did judge the model").isLessThan(0.5);
    }

    @Test
    void shouldRoundTripTheTuningReportThroughTheEnvelope() {
        ModelEnvelope envelope = tuned(USELESS_LAMBDA, GOOD_LAMBDA, 60_000, new BatchTrainer(CLOCK, fits));
        AvroMessageCodec<ModelEnvelope> codec = AvroMessageCodec.of(ModelEnvelope.class);

        ModelEnvelope decoded = codec.decode(codec.encode(envelope));

        assertThat(decoded.getTuning()).isEqualTo(envelope.getTuning());
        assertThat(decoded.getTuning().getCandidates()).hasSize(2);
        assertThat(decoded.getTuning().getCandidates().get(1).getHyperparameters()).containsEntry("lambda", GOOD_LAMBDA);
    }

    @Test
    void shouldPublishTheConfiguredHyperparametersWhenTheBudgetEndsBeforeAnyFit() {
        // An executor that never runs what it is given: only the budget can end the search.
        BatchTrainer starved = new BatchTrainer(CLOCK, task -> { });
        long started = System.nanoTime();

        ModelEnvelope envelope = tuned(USELESS_LAMBDA, GOOD_LAMBDA, 200, starved);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        TuningReport report = envelope.getTuning();
        assertThat(report.getBudgetExhausted()).isTrue();
        assertThat(report.getElapsedMillis()).isBetween(200L, 5_000L);
        assertThat(report.getCandidates()).extracting(TuningCandidate::getOutcome).containsOnly("not run (budget)");
        assertThat(report.getChosen()).isZero();
        assertThat(envelope.getHyperparameters()).containsEntry("lambda", USELESS_LAMBDA);
    }

    @Test
    @Timeout(60) // a search that waited for the held fits would never return
    void shouldReturnAtTheBudgetWhileAFitStillRunsOnTheTuningPool() throws InterruptedException {
        // Candidate 0's five folds (the first given) run; the others start and then hold until the test ends, as a fit far longer than the
        // budget would (a slow fit alone would make this depend on the machine's speed): the search must not wait for them.
        long budgetMillis = 3_000;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger given = new AtomicInteger();
        Executor holdingCandidateOne = task -> {
            boolean held = given.incrementAndGet() > FOLDS;
            Thread.ofPlatform().daemon().start(() -> {
                if (held) {
                    awaitQuietly(release);
                }
                task.run();
            });
        };
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "random-forest", Map.of("trees", "5"))
                .withTuning(new TuningSettings(TuningSettings.Mode.GRID, budgetMillis, 10, FOLDS, GateMetric.ACCURACY,
                        Map.of("trees", List.of("50"))));

        try {
            TrainingOutcome outcome = new BatchTrainer(CLOCK, holdingCandidateOne)
                    .train(Batches.request(Batches.SPEC, settings, Batches.separableBinary(600, 3)));

            TuningReport report = ((TrainingOutcome.Trained) outcome).envelope().getTuning();
            assertThat(report.getBudgetExhausted()).isTrue();
            assertThat(report.getElapsedMillis()).as("the search ends at its budget, not after the running fit").isBetween(budgetMillis, budgetMillis + 2_000);
            List<String> outcomes = report.getCandidates().stream().map(TuningCandidate::getOutcome).toList();
            assertThat(outcomes.getFirst()).isEqualTo("scored");
            assertThat(outcomes.subList(1, outcomes.size())).as("the held candidate and those after it").isNotEmpty().containsOnly("not run (budget)");
            assertThat(report.getChosen()).isZero();
        } finally {
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldLeaveTheEnvelopeWithoutTuningWhenTheSearchIsOff() {
        TrainingOutcome outcome = new BatchTrainer(CLOCK, fits).train(Batches.request(Batches.SPEC,
                Batches.settings(Task.REGRESSION, "linear-regression"), Batches.linearTarget(400, 5)));

        assertThat(((TrainingOutcome.Trained) outcome).envelope().getTuning()).isNull();
    }

    @Test
    void shouldKeepTheConfiguredCandidateUnlessTheBestBeatsItByMoreThanOneStandardError() {
        double[] configured = {0.80, 0.82, 0.78, 0.81, 0.79};
        double[] noisy = {0.83, 0.79, 0.80, 0.80, 0.82}; // 0.8 points higher on average, but up on three folds and down on two
        double[] clear = {0.84, 0.85, 0.83, 0.86, 0.82};

        assertThat(HyperparameterSearch.clearlyBetter(noisy, configured, true)).isFalse();
        assertThat(HyperparameterSearch.clearlyBetter(clear, configured, true)).isTrue();
        assertThat(HyperparameterSearch.clearlyBetter(configured, clear, true)).isFalse();
        assertThat(HyperparameterSearch.clearlyBetter(configured, clear, false)).as("lower is better: an error metric").isTrue();
    }

    @Test
    void shouldPublishTheConfiguredHyperparametersWhenTheBestCandidateWinsByNoise() {
        // Penalties 1e-4 and 1.5e-4 fit almost the same line: their cross-validated R² differ in the fourth digit.
        ModelEnvelope envelope = tuned(GOOD_LAMBDA, "1.5E-4", 60_000, new BatchTrainer(CLOCK, fits));

        TuningReport report = envelope.getTuning();
        assertThat(report.getCandidates()).extracting(TuningCandidate::getOutcome).containsExactly("scored", "scored");
        assertThat(report.getChosen()).isZero();
        assertThat(envelope.getHyperparameters()).containsEntry("lambda", GOOD_LAMBDA);
    }

    /** Linear regression configured with {@code configured}, searching {@code lambda} over {@code other} alone. */
    private static ModelEnvelope tuned(String configured, String other, long budgetMillis, BatchTrainer trainer) {
        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, settings(configured, other, budgetMillis), Batches.linearTarget(600, 5)));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ((TrainingOutcome.Trained) outcome).envelope();
    }

    private static TrainingSettings settings(String configured, String other, long budgetMillis) {
        return TrainingSettings.of(Task.REGRESSION, "linear-regression", Map.of("lambda", configured))
                .withTuning(new TuningSettings(TuningSettings.Mode.GRID, budgetMillis, 10, FOLDS, GateMetric.R2, Map.of("lambda", List.of(other))));
    }
}
