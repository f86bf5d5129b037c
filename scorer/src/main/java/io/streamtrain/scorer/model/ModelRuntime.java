package io.streamtrain.scorer.model;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/** What a scorer serves a model from: the Java-serialized Smile model, or the envelope's ONNX graph. */
public enum ModelRuntime {

    /** The Smile model, deserialized through the allow-list ({@code ModelLoader}); needs the training's Smile version. */
    NATIVE,
    /** The envelope's ONNX graph run by ONNX Runtime ({@code OnnxModelLoader}): nothing is Java-deserialized. */
    ONNX;

    /** The key choosing the runtime. */
    public static final String CONFIG = "scorer.model.runtime";
    /** The key's documentation. */
    public static final String DOC = "What models are served from: native (the Java-serialized Smile model, deserialized "
            + "through the class allow-list; only envelopes of this Smile version load) or onnx (the envelope's ONNX graph, "
            + "preprocessing included, run by ONNX Runtime: nothing is Java-deserialized and the Smile version does not "
            + "matter, but envelopes published before ONNX export existed are refused). native is the default: measured "
            + "against each other in one run, onnx scored topic to topic at a quarter to a third of native's rate, as ONNX Runtime "
            + "is called once per record (BENCHMARKS.md).";
    /** The key's default. */
    public static final String DEFAULT = "native";
    /** The key's allowed values. */
    public static final ConfigDef.Validator VALIDATOR = ConfigDef.CaseInsensitiveValidString.in("native", "onnx");

    /** The runtime named {@code value} (case-insensitive), as {@link #VALIDATOR} admits it. */
    public static ModelRuntime of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The loading of this runtime. */
    public ModelLoading loading() {
        return this == ONNX ? ModelLoading.onnx() : ModelLoading.verified();
    }
}
