package io.streamtrain.core.feature;

import io.streamtrain.messages.FeatureType;
import java.util.Objects;

/**
 * One feature of a pipeline: an input field and how it is read.
 *
 * @param name input field name
 * @param type numeric, boolean (read as 0/1) or categorical
 */
public record FeatureField(String name, FeatureType type) {

    public FeatureField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
