package io.streamtrain.scorer.model;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.onnx.OnnxVerification;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.testing.TrainedModels;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** {@code scorer.model.runtime}: native by default; onnx serves the envelope's graph with the native model's answers. */
class ModelRuntimeTest {

    @Test
    void shouldScoreAsTheNativeModelWhenServedFromOnnx() throws Exception {
        ModelEnvelope envelope = TrainedModels.train(CONFIG, 3, 11);
        ScoringModel nativeModel = ModelRuntime.NATIVE.loading().load(envelope, PIPELINE);
        ScoringModel onnx = ModelRuntime.ONNX.loading().load(envelope, PIPELINE);

        assertThat(nativeModel).isInstanceOf(VerifiedModel.class);
        assertThat(onnx).isInstanceOf(OnnxServedModel.class);
        assertThat(onnx.version()).isEqualTo(3);
        for (CleanRecord record : TrainedModels.records(CONFIG, 12)) {
            ScoredRecord expected = nativeModel.score(record);
            ScoredRecord actual = onnx.score(record);
            assertThat(actual.label()).isEqualTo(expected.label());
            expected.probabilities().forEach((label, p) ->
                    assertThat(actual.probabilities().get(label)).isCloseTo(p, within(OnnxVerification.TOLERANCE)));
        }
    }

    @Test
    void shouldServeNativeModelsByDefault() {
        assertThat(new ScorerConfig(PipelineDefinition.of("test", Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE))).modelRuntime()).isEqualTo(ModelRuntime.NATIVE);
    }

    @Test
    void shouldReadRuntimeCaseInsensitivelyAndRefuseUnknownOneNamingTheKey() {
        assertThat(new ScorerConfig(PipelineDefinition.of("test", Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE, ScorerConfig.MODEL_RUNTIME_CONFIG, "ONNX")))
                .modelRuntime()).isEqualTo(ModelRuntime.ONNX);
        assertThatThrownBy(() -> new ScorerConfig(PipelineDefinition.of("test", Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE,
                ScorerConfig.MODEL_RUNTIME_CONFIG, "tensorflow")))).isInstanceOf(ConfigException.class).hasMessageContaining("scorer.model.runtime");
    }
}
