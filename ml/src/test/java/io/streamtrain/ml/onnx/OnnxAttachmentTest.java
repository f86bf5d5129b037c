package io.streamtrain.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.testing.ArffTables;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer publishes a model only with a graph that ONNX Runtime ran and found in agreement with it. */
class OnnxAttachmentTest {

    private static final ArffTables.Table CREDIT = ArffTables.read("credit-g");

    @Test
    void shouldPublishCheckedGraphWhenGraphAgreesWithModel() {
        ModelEnvelope envelope = trained(new BatchTrainer());

        OnnxGraph onnx = envelope.getOnnx();
        byte[] graph = new byte[onnx.getGraph().remaining()];
        onnx.getGraph().duplicate().get(graph);
        assertThat(onnx.getSha256()).isEqualTo(ModelDigest.sha256Hex(graph));
        assertThat(onnx.getVerifiedRows()).isEqualTo(envelope.getLineage().getTestCount()).isPositive();
        assertThat(onnx.getMaxDifference()).isBetween(0.0, OnnxVerification.TOLERANCE);
        assertThat(onnx.getTolerance()).isEqualTo(OnnxVerification.TOLERANCE);
    }

    @Test
    void shouldRefuseModelWhenGraphDisagreesWithModel() {
        // A valid graph with one centring value off by a tenth of its scale: it runs, but scores other vectors.
        GraphWriter broken = (features, preprocessing, classes, model) -> OnnxExport.of(features, shifted(preprocessing), classes, model);

        TrainingOutcome outcome = train(new BatchTrainer(Clock.systemUTC(), Runnable::run, new OnnxAttachment(broken)));

        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Skipped.class, skipped -> assertThat(skipped.reason())
                .startsWith("the ONNX graph disagrees with the model on the evaluation rows: row credit-g-")
                .containsAnyOf("the graph predicts class", "probability"));
    }

    @Test
    void shouldRefuseModelWhenGraphDoesNotRun() {
        GraphWriter garbage = (features, preprocessing, classes, model) -> new byte[] {1, 2, 3};

        TrainingOutcome outcome = train(new BatchTrainer(Clock.systemUTC(), Runnable::run, new OnnxAttachment(garbage)));

        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Skipped.class, skipped -> assertThat(skipped.reason())
                .startsWith("the ONNX graph disagrees with the model on the evaluation rows: ONNX Runtime cannot run the graph"));
    }

    @Test
    void shouldRefuseModelWhenItHasNoGraph() {
        GraphWriter unsupported = (features, preprocessing, classes, model) -> {
            throw new UnsupportedModelException("tree 3 has a nominal split");
        };

        TrainingOutcome outcome = train(new BatchTrainer(Clock.systemUTC(), Runnable::run, new OnnxAttachment(unsupported)));

        assertThat(outcome).isEqualTo(new TrainingOutcome.Skipped("the model has no ONNX graph: tree 3 has a nominal split"));
    }

    private static ModelEnvelope trained(BatchTrainer trainer) {
        TrainingOutcome outcome = train(trainer);
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ((TrainingOutcome.Trained) outcome).envelope();
    }

    private static TrainingOutcome train(BatchTrainer trainer) {
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of());
        TrainingRequest request = Batches.request(CREDIT.spec(), settings, CREDIT.records());
        return trainer.train(request);
    }

    /** {@code preprocessing} with the first numeric column's centre moved by a tenth of its scale. */
    private static FittedPreprocessing shifted(FittedPreprocessing preprocessing) {
        List<FittedColumn> columns = new ArrayList<>(preprocessing.getColumns());
        for (int i = 0; i < columns.size(); i++) {
            FittedColumn column = columns.get(i);
            if (column.getImputeNumber() != null) {
                columns.set(i, FittedColumn.newBuilder(column).setCenter(column.getCenter() + column.getScale() / 10).build());
                break;
            }
        }
        return new FittedPreprocessing(columns);
    }
}
