package io.streamtrain.ml.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.ml.model.LinearModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxExportTest {

    @Test
    void shouldRefuseExportWhenFeatureHasTheNameOfAnOutput() {
        List<FeatureDefinition> features = List.of(new FeatureDefinition("value", FeatureType.NUMERIC));
        FittedPreprocessing preprocessing = new FittedPreprocessing(List.of(FittedColumn.newBuilder().setFeature("value").setImputeNumber(0.0).build()));

        assertThatThrownBy(() -> OnnxExport.of(features, preprocessing, List.of(), new LinearModel(new double[] {2.0}, 1.0)))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessage("feature value has the name of a graph output (label, probabilities, value); rename the input field");
    }

    @Test
    void shouldRefuseExportWhenModelHasNoOnnxForm() {
        List<FeatureDefinition> features = List.of(new FeatureDefinition("x", FeatureType.NUMERIC));
        FittedPreprocessing preprocessing = new FittedPreprocessing(List.of(FittedColumn.newBuilder().setFeature("x").setImputeNumber(0.0).build()));

        assertThatThrownBy(() -> OnnxExport.of(features, preprocessing, List.of(), "not a model"))
                .isInstanceOf(UnsupportedModelException.class).hasMessage("no ONNX form for a java.lang.String");
    }
}
