package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.DistributionKind;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.ValueDistribution;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.testing.Batches;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every algorithm, trained end to end on small seeded batches: metric bounds, determinism, and serving what was trained. */
class AlgorithmTrainingTest {

    /**
     * Small forests and boosting runs keep these tests fast; defaults are exercised by the benchmark. The forests'
     * 64 leaves are kept to leaves of 5 records: best-first growth would spend a cap this low on one-record leaves.
     */
    private static final Map<String, Map<String, String>> SMALL = Map.of(
            "logistic-regression", Map.of(),
            "linear-regression", Map.of(),
            "random-forest", Map.of("trees", "30", "max.nodes", "64", "node.size", "5"),
            "gradient-boosted-trees", Map.of("trees", "60", "shrinkage", "0.2"));

    private final BatchTrainer trainer = new BatchTrainer();

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "random-forest", "gradient-boosted-trees"})
    void shouldClassifySeparableDataAccurately(String algorithm) throws Exception {
        ModelEnvelope envelope = trained(Task.CLASSIFICATION, algorithm, Batches.separableBinary(800, 42), 7);

        assertThat(envelope.getAlgorithm()).isEqualTo(algorithm);
        assertThat(envelope.getMetrics().get("accuracy")).isGreaterThanOrEqualTo(0.85);
        assertThat(envelope.getMetrics().get("auc")).isGreaterThanOrEqualTo(0.9);
        assertThat(envelope.getMetrics().get("log-loss")).isLessThan(0.5);
        assertThat(envelope.getHyperparameters()).containsEntry("seed", "7").containsAllEntriesOf(SMALL.get(algorithm));

        LoadedModel served = ModelLoader.load(envelope, Batches.PIPELINE);
        ScoredRecord scored = served.score(Batches.record("new", null, 14.0, 20.0, 1.0, "red"));
        assertThat(scored.label()).isEqualTo("yes");
        assertThat(scored.value()).isNull();
        assertThat(scored.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "random-forest", "gradient-boosted-trees"})
    void shouldClassifyThreeClasses(String algorithm) {
        ModelEnvelope envelope = trained(Task.CLASSIFICATION, algorithm, Batches.threeClusters(600, 11), 7);

        assertThat(envelope.getFeatureSchema().getClasses()).containsExactly("0", "1", "2");
        assertThat(envelope.getMetrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
        assertThat(envelope.getConfusionMatrix()).hasSize(3);
        assertThat(envelope.getResiduals()).as("classification has no residuals").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-regression", "random-forest", "gradient-boosted-trees"})
    void shouldRegressLinearTarget(String algorithm) throws Exception {
        ModelEnvelope envelope = trained(Task.REGRESSION, algorithm, Batches.linearTarget(1_000, 5), 7);

        assertThat(envelope.getTask()).isEqualTo(Task.REGRESSION);
        assertThat(envelope.getFeatureSchema().getClasses()).isEmpty();
        assertThat(envelope.getConfusionMatrix()).isEmpty();
        assertThat(envelope.getMetrics()).containsOnlyKeys("rmse", "mae", "r2");
        double minimumR2 = algorithm.equals("linear-regression") ? 0.97 : 0.85;
        assertThat(envelope.getMetrics().get("r2")).isGreaterThanOrEqualTo(minimumR2);
        assertThat(envelope.getMetrics().get("mae")).isLessThanOrEqualTo(envelope.getMetrics().get("rmse"));
        ValueDistribution predictions = envelope.getDriftBaseline().getPredictions();
        assertThat(envelope.getDriftBaseline().getFeatures()).hasSize(Batches.SPEC.definitions().size());
        assertThat(predictions.getKind()).isEqualTo(DistributionKind.BINNED);
        assertThat(predictions.getBinEdges()).as("at most 10 bins of about 25 of the ~200 test predictions").hasSizeBetween(5, 7);
        assertThat(predictions.getFrequencies()).hasSize(predictions.getBinEdges().size() + 2);
        assertThat(predictions.getFrequencies().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(predictions.getFrequencies().getLast()).as("no prediction is missing").isZero();
        ResidualSummary residuals = envelope.getResiduals();
        assertThat(residuals.getCount()).isEqualTo(envelope.getLineage().getTestCount());
        assertThat(residuals.getStandardDeviation()).as("the spread of the residuals is about the RMSE")
                .isCloseTo(envelope.getMetrics().get("rmse"), within(0.2 * envelope.getMetrics().get("rmse")));
        assertThat(residuals.getHistogramCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(residuals.getCount());

        LoadedModel served = ModelLoader.load(envelope, Batches.PIPELINE);
        // 3*2 - 2*4 + 5 = 3
        ScoredRecord scored = served.score(Batches.record("new", null, 2.0, 4.0, 0.0, "red"));
        assertThat(scored.label()).isNull();
        assertThat(scored.probabilities()).isEmpty();
        assertThat(scored.value()).isBetween(0.5, 5.5);
        assertThat(served.task()).isEqualTo(Task.REGRESSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"random-forest", "gradient-boosted-trees"})
    void shouldGiveSameModelForSameSeedAndAnotherForAnotherSeed(String algorithm) {
        List<CleanRecord> records = Batches.separableBinary(400, 3);

        String first = trained(Task.CLASSIFICATION, algorithm, records, 1).getModelSha256();
        String again = trained(Task.CLASSIFICATION, algorithm, records, 1).getModelSha256();
        String otherSeed = trained(Task.CLASSIFICATION, algorithm, records, 2).getModelSha256();

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-regression", "random-forest", "gradient-boosted-trees"})
    void shouldGiveSameRegressionModelForSameSeed(String algorithm) {
        List<CleanRecord> records = Batches.linearTarget(400, 3);

        assertThat(trained(Task.REGRESSION, algorithm, records, 9).getModelSha256())
                .isEqualTo(trained(Task.REGRESSION, algorithm, records, 9).getModelSha256());
    }

    private ModelEnvelope trained(Task task, String algorithm, List<CleanRecord> records, long seed) {
        TrainingSettings settings = TrainingSettings.of(task, algorithm, SMALL.get(algorithm)).withSeed(seed);
        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, settings, records));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ((TrainingOutcome.Trained) outcome).envelope();
    }
}
