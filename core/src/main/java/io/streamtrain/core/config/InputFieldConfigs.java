package io.streamtrain.core.config;

/**
 * The names of the pipeline keys that give the input fields their roles (record id, event time, label, features),
 * defined once for the pipeline's configuration and for the feature specification's error messages, as Kafka's
 * {@code CommonClientConfigs} holds the keys its client configurations share.
 */
public final class InputFieldConfigs {

    public static final String INPUT_ID_FIELD_CONFIG = "input.id.field";
    public static final String INPUT_TIMESTAMP_FIELD_CONFIG = "input.timestamp.field";
    public static final String LABEL_FIELD_CONFIG = "label.field";
    public static final String FEATURE_FIELDS_CONFIG = "feature.fields";
    public static final String FEATURE_FIELDS_EXCLUDE_CONFIG = "feature.fields.exclude";

    private InputFieldConfigs() {
    }
}
