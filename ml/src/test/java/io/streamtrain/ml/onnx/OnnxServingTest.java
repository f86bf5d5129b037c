package io.streamtrain.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.testing.ArffTables;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.testing.DeserializationWatch;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Serving from the ONNX graph: no Java deserialization, and the Smile version of the envelope does not matter. */
class OnnxServingTest {

    private static final ArffTables.Table CREDIT = ArffTables.read("credit-g");
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    @BeforeAll
    static void requireWatch() {
        assertThat(DeserializationWatch.installed()).as("the surefire argLine installs the deserialization watch").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"logistic-regression", "random-forest", "gradient-boosted-trees"})
    void shouldNeverCreateObjectInputStreamWhenServingFromOnnx(String algorithm) throws Exception {
        ModelEnvelope envelope = trained(algorithm);

        DeserializationWatch.reset();
        try (OnnxLoadedModel model = OnnxModelLoader.load(envelope, Batches.PIPELINE)) {
            CREDIT.records().forEach(model::score);
        }
        assertThat(DeserializationWatch.streams()).as("ObjectInputStreams created on the ONNX path").isZero();

        ModelLoader.load(envelope, Batches.PIPELINE);
        assertThat(DeserializationWatch.streams()).as("the native path, which the watch must see").isPositive();
    }

    @Test
    void shouldServeEnvelopeWhenTrainedWithAnotherSmileVersion() throws Exception {
        ModelEnvelope envelope = trained("random-forest");
        LoadedModel native_ = ModelLoader.load(envelope, Batches.PIPELINE);
        // What another Smile version wrote: another version string, and model bytes this Smile cannot read.
        byte[] foreignBytes = new byte[4096];
        new Random(7).nextBytes(foreignBytes);
        ModelEnvelope foreign = ModelEnvelope.newBuilder(envelope).setSmileVersion("3.1.1")
                .setModelBytes(ByteBuffer.wrap(foreignBytes)).setModelSha256(ModelDigest.sha256Hex(foreignBytes)).build();

        assertThatThrownBy(() -> ModelLoader.load(foreign, Batches.PIPELINE)).isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("was trained with Smile 3.1.1");
        try (OnnxLoadedModel onnx = OnnxModelLoader.load(foreign, Batches.PIPELINE)) {
            for (CleanRecord record : CREDIT.records()) {
                ScoredRecord expected = native_.score(record);
                ScoredRecord actual = onnx.score(record);
                assertThat(actual.label()).isEqualTo(expected.label());
                expected.probabilities().forEach((label, p) ->
                        assertThat(actual.probabilities().get(label)).isCloseTo(p, within(OnnxVerification.TOLERANCE)));
            }
        }
    }

    @Test
    void shouldRefuseEnvelopeWhenGraphDoesNotMatchItsDigest() {
        ModelEnvelope envelope = trained("logistic-regression");
        OnnxGraph onnx = envelope.getOnnx();
        ModelEnvelope corrupted = ModelEnvelope.newBuilder(envelope)
                .setOnnx(OnnxGraph.newBuilder(onnx).setSha256("0".repeat(64)).build()).build();

        assertThatThrownBy(() -> OnnxModelLoader.load(corrupted, Batches.PIPELINE)).isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("ONNX graph bytes do not match their SHA-256 digest");
    }

    @Test
    void shouldRefuseEnvelopeWhenItHasNoGraph() {
        ModelEnvelope older = ModelEnvelope.newBuilder(trained("logistic-regression")).setOnnx(null).build();

        assertThatThrownBy(() -> OnnxModelLoader.load(older, Batches.PIPELINE)).isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("has no ONNX graph").hasMessageContaining("scorer.model.runtime=native");
    }

    @Test
    void shouldRefuseEnvelopeWhenGraphIsNotOnnx() {
        byte[] garbage = {1, 2, 3, 4};
        ModelEnvelope broken = ModelEnvelope.newBuilder(trained("logistic-regression"))
                .setOnnx(new OnnxGraph(ByteBuffer.wrap(garbage), ModelDigest.sha256Hex(garbage), 0L, 0.0, OnnxVerification.TOLERANCE)).build();

        assertThatThrownBy(() -> OnnxModelLoader.load(broken, Batches.PIPELINE)).isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("ONNX Runtime cannot load its graph");
    }

    private static ModelEnvelope trained(String algorithm) {
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, algorithm,
                algorithm.equals("logistic-regression") ? Map.of() : Map.of("trees", "30"));
        TrainingOutcome outcome = new BatchTrainer().train(Batches.request(CREDIT.spec(), settings, CREDIT.records()));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        // As a scorer reads it from the models topic.
        return ENVELOPES.decode(ENVELOPES.encode(((TrainingOutcome.Trained) outcome).envelope()));
    }
}
