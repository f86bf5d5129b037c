package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The model a horizon trains, pinned by its digest: a fit on a horizon's rows must give the same model bytes however
 * the rows reach the ml module. The digests were first taken from the fit that turned every chosen row into a record,
 * and recorded again when logistic regression's line search changed (the same rows, another optimiser path).
 */
class HorizonFitDigestTest {

    private static final FeatureSpec SPEC = new FeatureSpec("id", "eventTime", "label", List.of(
            new FeatureField("a", FeatureType.NUMERIC), new FeatureField("b", FeatureType.NUMERIC),
            new FeatureField("c", FeatureType.NUMERIC), new FeatureField("colour", FeatureType.CATEGORICAL)));
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final List<String> COLOURS = List.of("red", "green", "blue");

    @Test
    void shouldTrainTheSameModelOnTheNewestWindowsTestRowsWithUniformSampling() {
        TrainingHorizon policy = new TrainingHorizon(4, Duration.ZERO, 700, HorizonSampling.UNIFORM, Evaluation.NEWEST_WINDOW, false);
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of());

        assertThat(digest(policy, settings)).isEqualTo("e282390a56af44a7122dce7b456fc4ce2b3fa579e112d31a69f46e21f4cda3df");
    }

    @Test
    void shouldTrainTheSameModelOnEveryWindowStratifiedWithDroppedRowsAndARefit() {
        TrainingHorizon policy = new TrainingHorizon(4, Duration.ZERO, 700, HorizonSampling.STRATIFIED, Evaluation.EVERY_WINDOW, true);
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of())
                .withSplit(SplitStrategy.STRATIFIED)
                .withPreprocessing(new PreprocessingSpec(MissingValueRule.of(MissingValueStrategy.MEAN),
                        Map.of("b", MissingValueRule.of(MissingValueStrategy.DROP_ROW)), 100, Scaling.STANDARD, 0.0));

        assertThat(digest(policy, settings)).isEqualTo("a419f1790baad0ffa6f2f44202194c52b158c725335c259b40bae0ad0a82b9f4");
    }

    @Test
    void shouldTrainTheSameModelOnTheLatestRowsByEventTime() {
        TrainingHorizon policy = new TrainingHorizon(4, Duration.ZERO, 100_000, HorizonSampling.NEWEST, Evaluation.EVERY_WINDOW, false);
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of())
                .withSplit(SplitStrategy.TIME_ORDERED);

        assertThat(digest(policy, settings)).isEqualTo("567c34a1d111f1d73da2f145440aa94162ef3abc5b96ae03650cfdcc617ba9cb");
    }

    private static String digest(TrainingHorizon policy, TrainingSettings settings) {
        WindowHorizon horizon = new WindowHorizon(policy);
        HorizonSnapshot snapshot = null;
        AssembledBatch newest = null;
        for (int w = 0; w < 5; w++) {
            newest = window(w, 200 + 37 * w);
            snapshot = horizon.admit(ColumnarWindow.of(newest, 0));
        }
        TrainingRequest request = new TrainingRequest("p", 1, SPEC, settings, newest.batchId(), newest.manifest(),
                newest.records(), snapshot.rows(settings.seed()));
        TrainingOutcome outcome = new BatchTrainer(Clock.fixed(START, ZoneOffset.UTC)).train(request);
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        ModelEnvelope envelope = ((TrainingOutcome.Trained) outcome).envelope();
        return envelope.getModelSha256();
    }

    /** Window {@code index}: three noisy numbers (some missing), a colour (some missing) and a yes/no label (some missing). */
    private static AssembledBatch window(int index, int rows) {
        SplittableRandom random = new SplittableRandom(7_919L * index + 1);
        List<CleanRecord> records = new ArrayList<>(rows);
        Instant start = START.plusSeconds(60L * index);
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            String colour = COLOURS.get(random.nextInt(COLOURS.size()));
            double score = a - 0.5 * b + (colour.equals("red") ? 0.8 : 0) + 0.7 * random.nextGaussian();
            List<Object> features = new ArrayList<>(4);
            features.add(a);
            features.add(random.nextInt(20) == 0 ? null : b);
            features.add(random.nextInt(25) == 0 ? Double.NaN : c);
            features.add(random.nextInt(30) == 0 ? null : colour);
            Object label = random.nextInt(40) == 0 ? null : score > 0 ? "yes" : "no";
            records.add(new CleanRecord("w" + index + "-r" + random.nextInt(1_000_000) + "-" + i,
                    start.plusMillis(random.nextInt(60_000)), features, label, 0, (long) index * 1_000 + i, null));
        }
        BatchManifest manifest = BatchManifest.newBuilder()
                .setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setCloseReason(WindowCloseReason.STREAM_TIME)
                .setRecordCount(rows).setChunkCount(1).setFeatureNames(SPEC.featureNames()).setSourceTopic("p.records")
                .setSourceRanges(List.of(new OffsetRange(0, (long) index * 1_000, (long) index * 1_000 + rows - 1, (long) rows)))
                .setClosedAt(start.plusSeconds(65)).build();
        return new AssembledBatch("w" + index, manifest, records, index * 1_000L, index * 1_000L + 1);
    }
}
