package io.streamtrain.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.testing.ArffTables;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every algorithm and task on real data (Weka's credit-g, iris and cpu tables): the graph the trainer put in the
 * envelope, run by ONNX Runtime, predicts what the loaded native model predicts, on every row, with values blanked to exercise imputation
 * and categories the model never saw. Preprocessing with clipping and a small vocabulary, so the "other" slot is used.
 */
class OnnxParityTest {

    private static final PreprocessingSpec PREPROCESSING =
            new PreprocessingSpec(PreprocessingSpec.DEFAULTS.missing(), Map.of(), 3, Scaling.STANDARD, 0.05);

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("credit-g", Task.CLASSIFICATION, "logistic-regression", Map.of()),
                Arguments.of("credit-g", Task.CLASSIFICATION, "random-forest", Map.of("trees", "100")),
                Arguments.of("credit-g", Task.CLASSIFICATION, "gradient-boosted-trees", Map.of("trees", "100")),
                Arguments.of("iris", Task.CLASSIFICATION, "logistic-regression", Map.of()),
                Arguments.of("iris", Task.CLASSIFICATION, "random-forest", Map.of("trees", "100")),
                Arguments.of("iris", Task.CLASSIFICATION, "gradient-boosted-trees", Map.of("trees", "50")),
                Arguments.of("cpu.with.vendor", Task.REGRESSION, "linear-regression", Map.of()),
                Arguments.of("cpu.with.vendor", Task.REGRESSION, "random-forest", Map.of("trees", "100")),
                Arguments.of("cpu.with.vendor", Task.REGRESSION, "gradient-boosted-trees", Map.of("trees", "100")));
    }

    @ParameterizedTest(name = "{2} on {0}")
    @MethodSource("models")
    void shouldPredictAsTheNativeModelWhenOnnxRuntimeRunsTheGraph(String table, Task task, String algorithm, Map<String, String> hyperparameters)
            throws Exception {
        ArffTables.Table data = ArffTables.read(table);
        TrainingSettings settings = TrainingSettings.of(task, algorithm, hyperparameters).withPreprocessing(PREPROCESSING);
        TrainingOutcome outcome = new BatchTrainer().train(Batches.request(data.spec(), settings, withGaps(data.records())));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        ModelEnvelope envelope = ((TrainingOutcome.Trained) outcome).envelope();
        LoadedModel loaded = ModelLoader.load(envelope, Batches.PIPELINE);
        byte[] graph = bytes(envelope.getOnnx().getGraph());
        assertThat(OnnxExport.of(envelope.getFeatureSchema().getFeatures(), envelope.getPreprocessing(),
                envelope.getFeatureSchema().getClasses(), loaded.model())).as("the graph of the deserialized model").isEqualTo(graph);
        List<CleanRecord> scored = unseenCategories(data.records());

        OnnxModel.Predictions onnx;
        try (OnnxModel model = OnnxModel.load(graph, envelope.getFeatureSchema().getFeatures(), task == Task.CLASSIFICATION)) {
            onnx = model.predict(scored.stream().map(CleanRecord::getFeatures).toList());
        }

        List<String> classes = envelope.getFeatureSchema().getClasses();
        for (int i = 0; i < scored.size(); i++) {
            ScoredRecord expected = loaded.score(scored.get(i));
            if (task == Task.CLASSIFICATION) {
                assertThat(onnx.labels()[i]).as("label of row %d", i).isEqualTo(expected.label());
                for (int c = 0; c < classes.size(); c++) {
                    assertThat(onnx.probabilities()[i][c]).as("probability of %s, row %d", classes.get(c), i)
                            .isCloseTo(expected.probabilities().get(classes.get(c)), within(OnnxVerification.TOLERANCE));
                }
            } else {
                assertThat(onnx.values()[i]).as("value of row %d", i)
                        .isCloseTo(expected.value(), within(OnnxVerification.TOLERANCE * Math.max(1, Math.abs(expected.value()))));
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Every 7th record with one feature value missing (null, NaN or blank, in turn). */
    private static List<CleanRecord> withGaps(List<CleanRecord> records) {
        List<CleanRecord> gapped = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            CleanRecord record = records.get(i);
            if (i % 7 == 0) {
                List<Object> features = new ArrayList<>(record.getFeatures());
                int f = (i / 7) % features.size();
                features.set(f, switch ((i / 7) % 3) {
                    case 0 -> null;
                    case 1 -> features.get(f) instanceof Double ? (Object) Double.NaN : "  ";
                    default -> features.get(f) instanceof Double ? (Object) Double.POSITIVE_INFINITY : "";
                });
                record = CleanRecord.newBuilder(record).setFeatures(features).build();
            }
            gapped.add(record);
        }
        return gapped;
    }

    /** The gapped records, every 5th with each categorical value replaced by a category never seen in training. */
    private static List<CleanRecord> unseenCategories(List<CleanRecord> records) {
        List<CleanRecord> gapped = withGaps(records);
        List<CleanRecord> scored = new ArrayList<>(gapped.size());
        for (int i = 0; i < gapped.size(); i++) {
            CleanRecord record = gapped.get(i);
            if (i % 5 == 0) {
                List<Object> features = new ArrayList<>(record.getFeatures());
                features.replaceAll(value -> value instanceof String ? "never-seen" : value);
                record = CleanRecord.newBuilder(record).setFeatures(features).build();
            }
            scored.add(record);
        }
        return scored;
    }
}
