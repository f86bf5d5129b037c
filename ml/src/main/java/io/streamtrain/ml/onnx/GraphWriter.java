package io.streamtrain.ml.onnx;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.List;

/** Writes a model and its preprocessing as an ONNX graph: {@link OnnxExport#of} in production. */
@FunctionalInterface
public interface GraphWriter {

    /** As {@link OnnxExport#of}. */
    byte[] write(List<FeatureDefinition> features, FittedPreprocessing preprocessing, List<String> classes, Object model)
            throws UnsupportedModelException;
}
