package io.streamtrain.ml.registry;

/**
 * The keys on the compacted {@code <p>.models} topic: the pipeline name holds the current model (an envelope),
 * {@code <pipeline>:pin} holds the pipeline's {@code ModelPin}. Readers of the current model skip every other key.
 */
public final class ModelsTopicKeys {

    private static final String PIN_SUFFIX = ":pin";

    private ModelsTopicKeys() {
    }

    /** The key of {@code pipeline}'s current model. */
    public static String currentModel(String pipeline) {
        return pipeline;
    }

    /** The key of {@code pipeline}'s pin record. */
    public static String pin(String pipeline) {
        return pipeline + PIN_SUFFIX;
    }
}
