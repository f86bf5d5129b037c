package io.streamtrain.ml.train;

import static io.streamtrain.ml.testing.Batches.record;
import static io.streamtrain.ml.testing.Batches.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BatchTrainerTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:02:00Z");

    private final BatchTrainer trainer = new BatchTrainer(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldLearnSeparableDataAccurately() {
        ModelEnvelope envelope = trained(Batches.separableBinary(2_000, 42));

        assertThat(envelope.getMetrics()).containsOnlyKeys("accuracy", "precision", "recall", "f1", "auc", "log-loss",
                "precision.no", "recall.no", "f1.no", "precision.yes", "recall.yes", "f1.yes");
        assertThat(envelope.getMetrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
        assertThat(envelope.getMetrics().get("log-loss")).isLessThan(0.3);
        assertThat(envelope.getConfusionMatrix()).hasSize(2).allSatisfy(row -> assertThat(row).hasSize(2));
        long correct = envelope.getConfusionMatrix().get(0).get(0) + envelope.getConfusionMatrix().get(1).get(1);
        assertThat((double) correct / envelope.getLineage().getTestCount()).isEqualTo(envelope.getMetrics().get("accuracy"));
        assertThat(envelope.getMetrics().get("f1")).isGreaterThanOrEqualTo(0.9);
        assertThat(envelope.getMetrics().get("auc")).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldFillEveryEnvelopeField() {
        List<CleanRecord> records = Batches.separableBinary(500, 7);

        ModelEnvelope envelope = trained(records);

        assertThat(envelope.getPipeline()).isEqualTo("churn");
        assertThat(envelope.getVersion()).isEqualTo(7);
        assertThat(envelope.getTask()).isEqualTo(Task.CLASSIFICATION);
        assertThat(envelope.getAlgorithm()).isEqualTo("logistic-regression");
        assertThat(envelope.getHyperparameters()).containsKey("fit.iterations").containsEntry("fit.warm.start", "false");
        assertThat(envelope.getHyperparameters()).containsAllEntriesOf(
                Map.of("lambda", "0.1", "tolerance", "1.0E-4", "max.iterations", "500", "seed", "42")).hasSize(6);
        assertThat(envelope.getFeatureSchema().getFeatures()).isEqualTo(Batches.SPEC.definitions());
        assertThat(envelope.getFeatureSchema().getLabelField()).isEqualTo("label");
        assertThat(envelope.getFeatureSchema().getClasses()).containsExactly("no", "yes");
        assertThat(envelope.getPreprocessing().getColumns()).extracting(FittedColumn::getFeature).containsExactly("x1", "x2", "flag", "colour");
        assertThat(envelope.getModelFormat()).isEqualTo("java-serialization");
        assertThat(envelope.getModelSha256()).isEqualTo(ModelDigest.sha256Hex(bytes(envelope.getModelBytes()))).matches("[0-9a-f]{64}");
        assertThat(envelope.getCreatedAt()).isEqualTo(NOW);
        assertThat(envelope.getTrainingMillis()).isNotNegative();
        assertThat(envelope.getSmileVersion()).isEqualTo("6.3.0");
        assertThat(envelope.getStreamtrainVersion()).isNotBlank();
        assertThat(envelope.getLineage().getBatchId()).isEqualTo("churn-1735689600000-0");
        assertThat(envelope.getLineage().getSourceTopic()).isEqualTo("churn.records");
        assertThat(envelope.getLineage().getWindowStart()).isEqualTo(Batches.WINDOW_START);
        assertThat(envelope.getLineage().getRecordCount()).isEqualTo(500);
        assertThat(envelope.getLineage().getTrainCount() + envelope.getLineage().getTestCount()).isEqualTo(500);
        assertThat(envelope.getLineage().getTestCount()).isBetween(60L, 140L);
        assertThat(envelope.getLineage().getSourceRanges()).hasSize(1);
        assertThat(envelope.getLineage().getMissingInputPartitions()).as("a complete window").isEmpty();
        assertThat(envelope.getDriftBaseline().getFeatures()).hasSize(4);
        assertThat(envelope.getDriftBaseline().getPredictions().getCategories()).containsExactly("no", "yes");
        assertThat(envelope.getDriftBaseline().getPredictions().getFrequencies().get(1)).isBetween(0.3, 0.7);
    }

    @Test
    void shouldRecordTheInputPartitionsAnIncompleteWindowLackedInTheLineage() {
        TrainingRequest request = request(Batches.separableBinary(300, 23));
        ((TrainingSource.Window) request.source()).manifest().setMissingPartitions(List.of(1, 3));

        ModelEnvelope envelope = ((TrainingOutcome.Trained) trainer.train(request)).envelope();

        assertThat(envelope.getLineage().getMissingInputPartitions()).containsExactly(1, 3);
    }

    @Test
    void shouldTrainOnBatchDecodedFromTopic() {
        AvroMessageCodec<CleanRecord> records = AvroMessageCodec.of(CleanRecord.class);
        AvroMessageCodec<BatchManifest> manifests = AvroMessageCodec.of(BatchManifest.class);
        List<CleanRecord> decoded = Batches.separableBinary(300, 23).stream().map(r -> records.decode(records.encode(r))).toList();
        TrainingRequest original = request(decoded);
        TrainingRequest request = new TrainingRequest(original.pipeline(), original.version(), original.spec(), original.settings(),
                original.batchId(), manifests.decode(manifests.encode(((TrainingSource.Window) original.source()).manifest())), decoded);

        assertThat(trainer.train(request)).isInstanceOf(TrainingOutcome.Trained.class);
    }

    @Test
    void shouldRecordDefaultsOfAbsentHyperparameters() {
        var settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of("lambda", "0.5"));

        ModelEnvelope envelope = trained(Batches.request(Batches.SPEC, settings, Batches.separableBinary(300, 3)));

        assertThat(envelope.getHyperparameters()).containsEntry("lambda", "0.5").containsEntry("tolerance", "1.0E-5").containsEntry("max.iterations", "500");
    }

    @Test
    void shouldFitMultinomialModelForThreeClasses() {
        ModelEnvelope envelope = trained(Batches.threeClusters(900, 11));

        assertThat(envelope.getFeatureSchema().getClasses()).containsExactly("0", "1", "2");
        assertThat(envelope.getMetrics()).doesNotContainKey("auc").containsKeys("log-loss", "f1.0", "f1.1", "f1.2");
        assertThat(envelope.getConfusionMatrix()).hasSize(3);
        assertThat(envelope.getMetrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
        assertThat(envelope.getMetrics().get("f1")).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldProduceIdenticalModelForIdenticalBatch() {
        List<CleanRecord> records = Batches.separableBinary(400, 5);

        assertThat(trained(records).getModelSha256()).isEqualTo(trained(new ArrayList<>(records)).getModelSha256());
    }

    @Test
    void shouldFitPreprocessingOnTrainSplitOnly() {
        // Held-out records carry extreme values and a colour of their own: neither may reach the statistics.
        List<CleanRecord> records = new ArrayList<>();
        for (CleanRecord record : Batches.separableBinary(600, 9)) {
            if (TrainTestSplit.isTest(record.getRecordId(), 0.2)) {
                records.add(record(record.getRecordId(), record.getLabel(), 1e6, 1e6, 1.0, "purple"));
            } else {
                records.add(record);
            }
        }
        List<CleanRecord> train = TrainTestSplit.byRecordId(records, 0.2).train();
        double trainMean = train.stream().map(r -> r.getFeatures().get(0)).filter(v -> v != null).mapToDouble(v -> (Double) v).average().orElseThrow();

        ModelEnvelope envelope = trained(records);

        FittedColumn x1 = envelope.getPreprocessing().getColumns().get(0);
        assertThat(x1.getCenter()).isCloseTo(trainMean, within(1e-9)).isLessThan(100);
        assertThat(x1.getImputeNumber()).isCloseTo(trainMean, within(1e-9));
        assertThat(x1.getScale()).isLessThan(100);
        assertThat(envelope.getPreprocessing().getColumns().get(3).getCategories()).containsExactly("blue", "green", "red");
    }

    @Test
    void shouldFitMedianClipBoundsAndMinMaxOnTrainSplitOnly() {
        // Time-ordered split: the latest records are held out, and they alone carry huge values and a new colour.
        List<CleanRecord> records = new ArrayList<>();
        for (CleanRecord record : Batches.separableBinary(500, 21)) {
            int index = Integer.parseInt(record.getRecordId().substring(2));
            CleanRecord kept = index >= 400 ? record(record.getRecordId(), record.getLabel(), 1e6, 1e6, 1.0, "purple") : record;
            kept.setEventTime(Batches.WINDOW_START.plusSeconds(index));
            records.add(kept);
        }
        double[] trainX1 = records.subList(0, 400).stream().map(r -> r.getFeatures().get(0)).filter(v -> v != null)
                .mapToDouble(v -> (Double) v).sorted().toArray();
        PreprocessingSpec spec = new PreprocessingSpec(MissingValueRule.of(MissingValueStrategy.MEDIAN), Map.of(), 100, Scaling.MIN_MAX, 0.05);
        TrainingSettings settings = Batches.settings().withSplit(SplitStrategy.TIME_ORDERED).withPreprocessing(spec);

        ModelEnvelope envelope = trained(Batches.request(Batches.SPEC, settings, records));

        FittedColumn x1 = envelope.getPreprocessing().getColumns().get(0);
        assertThat(envelope.getLineage().getTestCount()).isEqualTo(100);
        assertThat(x1.getImputeNumber()).isCloseTo(quantile(trainX1, 0.5), within(1e-9));
        assertThat(x1.getClipLow()).isCloseTo(quantile(trainX1, 0.05), within(1e-9));
        assertThat(x1.getClipHigh()).isCloseTo(quantile(trainX1, 0.95), within(1e-9)).isLessThan(100);
        assertThat(x1.getCenter()).isEqualTo(x1.getClipLow());
        assertThat(x1.getScale()).isCloseTo(x1.getClipHigh() - x1.getClipLow(), within(1e-9));
        assertThat(envelope.getPreprocessing().getColumns().get(3).getCategories()).doesNotContain("purple");
    }

    @Test
    void shouldSkipWhenAFeatureIsMissingEverywhere() {
        List<CleanRecord> records = Batches.separableBinary(400, 13).stream()
                .map(r -> record(r.getRecordId(), r.getLabel(), r.getFeatures().get(0), Double.NaN, r.getFeatures().get(2), r.getFeatures().get(3)))
                .toList();

        assertThat(skipReason(records)).isEqualTo("feature x2 has no value in the train split (missing, NaN or infinite everywhere)");
    }

    @Test
    void shouldLeaveOutUnlabelledRecords() {
        List<CleanRecord> records = new ArrayList<>(Batches.separableBinary(300, 17));
        records.add(record("unlabelled-1", null, 1.0, 2.0, 0.0, "red"));

        ModelEnvelope envelope = trained(records);

        assertThat(envelope.getLineage().getRecordCount()).isEqualTo(301);
        assertThat(envelope.getLineage().getTrainCount() + envelope.getLineage().getTestCount()).isEqualTo(300);
    }

    @Test
    void shouldSkipBatchSmallerThanMinimum() {
        assertThat(skipReason(Batches.separableBinary(49, 1))).isEqualTo("batch has 49 labelled records, fewer than the minimum of 50");
    }

    @Test
    void shouldSkipSingleClassBatch() {
        List<CleanRecord> records = IntStream.range(0, 100).mapToObj(i -> record("s-" + i, "stay", (double) i, 1.0, 0.0, "red")).toList();

        assertThat(skipReason(records)).isEqualTo("batch has a single class [stay]; a classifier needs at least two");
    }

    @Test
    void shouldSkipWhenTrainSplitHasSingleClass() {
        List<CleanRecord> records = Stream.concat(
                idsOnSide(false, "a-", 80).map(id -> record(id, "stay", 1.0, 1.0, 0.0, "red")),
                idsOnSide(true, "b-", 3).map(id -> record(id, "churn", 9.0, 9.0, 1.0, "blue"))).toList();

        assertThat(skipReason(records)).isEqualTo("train split has a single class [stay]; a classifier needs at least two");
    }

    @Test
    void shouldSkipWhenTestSplitIsEmpty() {
        List<CleanRecord> records = idsOnSide(false, "t-", 60).map(id -> record(id, id.hashCode() % 2 == 0 ? "a" : "b", 1.0, 2.0, 0.0, "red")).toList();

        assertThat(skipReason(records)).startsWith("test split is empty: none of the 60 records fell in the held-out 0.2 fraction (hash split");
    }

    @Test
    void shouldSkipBatchWhoseFeaturesDifferFromSpec() {
        List<CleanRecord> records = Batches.separableBinary(100, 2).stream()
                .map(r -> record(r.getRecordId(), r.getLabel(), r.getFeatures().get(0), r.getFeatures().get(1))).toList();

        assertThat(skipReason(records)).isEqualTo("record r-0 has 2 feature values; the pipeline has 4 features");
    }

    @Test
    void shouldSkipLabelsThatLookLikeRegressionTargets() {
        List<CleanRecord> records = IntStream.range(0, 500).mapToObj(i -> record("g-" + i, i * 0.37, (double) i, 1.0, 0.0, "red")).toList();

        assertThat(skipReason(records)).startsWith("batch has 500 distinct labels, more than 100 classes");
    }

    @Test
    void shouldStayDefinedWhenUnregularisedFitSeparatesPerfectly() {
        // Perfectly separable with no regularisation: the optimum is at infinity.
        var settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of("lambda", "0", "max.iterations", "2000", "tolerance", "1e-12"));
        List<CleanRecord> records = IntStream.range(0, 200).mapToObj(i -> record("d-" + i, i < 100 ? "a" : "b", i < 100 ? -1.0 - i : 1.0 + i, 0.0, 0.0, "red")).toList();

        TrainingOutcome outcome = trainer.train(Batches.request(Batches.SPEC, settings, records));

        // Smile may stop with huge but finite weights; either way the outcome is defined and nothing throws.
        assertThat(outcome).isInstanceOfAny(TrainingOutcome.Trained.class, TrainingOutcome.Skipped.class);
    }

    @Test
    void shouldNotThrowOnExtremeValues() {
        List<CleanRecord> records = Batches.separableBinary(300, 4).stream()
                .map(r -> record(r.getRecordId(), r.getLabel(), Double.MAX_VALUE, -Double.MAX_VALUE, r.getFeatures().get(2), r.getFeatures().get(3)))
                .toList();

        assertThat(trainer.train(request(records))).isNotNull();
    }

    @Test
    void shouldRejectAlgorithmOfOtherTask() {
        assertThatThrownBy(() -> TrainingSettings.of(Task.CLASSIFICATION, "linear-regression", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear-regression does not serve task CLASSIFICATION");
    }

    @Test
    void shouldRejectUnparseableHyperparameter() {
        assertThatThrownBy(() -> trainer.train(Batches.request(Batches.SPEC,
                TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of("max.iterations", "many")), Batches.separableBinary(100, 1))))
                .hasMessageContaining("max.iterations must be an integer, was 'many'");
    }

    private ModelEnvelope trained(List<CleanRecord> records) {
        return trained(request(records));
    }

    private ModelEnvelope trained(TrainingRequest request) {
        TrainingOutcome outcome = trainer.train(request);
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ((TrainingOutcome.Trained) outcome).envelope();
    }

    private String skipReason(List<CleanRecord> records) {
        TrainingOutcome outcome = trainer.train(request(records));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Skipped.class);
        return ((TrainingOutcome.Skipped) outcome).reason();
    }

    /** numpy's default (linear) quantile of sorted values, computed independently of the fitter. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) position;
        return below + 1 < sorted.length ? sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
    }

    private static Stream<String> idsOnSide(boolean test, String prefix, int count) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> prefix + i).filter(id -> TrainTestSplit.isTest(id, 0.2) == test).limit(count);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
