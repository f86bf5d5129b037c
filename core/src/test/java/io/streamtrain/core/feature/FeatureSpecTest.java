package io.streamtrain.core.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "fields": [
              {"name": "orderId", "type": "long"},
              {"name": "placedAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
              {"name": "items", "type": "int"},
              {"name": "weight", "type": "float"},
              {"name": "express", "type": "boolean"},
              {"name": "tier", "type": {"type": "enum", "name": "Tier", "symbols": ["BASIC", "GOLD"]}},
              {"name": "mixed", "type": ["null", "string", "double"], "default": null},
              {"name": "returned", "type": ["null", "string"], "default": null}
            ]}""");

    @Test
    void shouldMapAvroTypesToFeatureTypesWhenFieldsAreListed() {
        FeatureSpec spec = FeatureSpec.fromSchema(SCHEMA, "orderId", "placedAt", "returned", List.of("tier", "weight", "express", "items"));

        assertThat(spec.features()).containsExactly(
                new FeatureField("tier", FeatureType.CATEGORICAL),
                new FeatureField("weight", FeatureType.NUMERIC),
                new FeatureField("express", FeatureType.BOOLEAN),
                new FeatureField("items", FeatureType.NUMERIC));
        assertThat(spec.featureNames()).containsExactly("tier", "weight", "express", "items");
        assertThat(spec.definitions()).containsExactly(
                new FeatureDefinition("tier", FeatureType.CATEGORICAL),
                new FeatureDefinition("weight", FeatureType.NUMERIC),
                new FeatureDefinition("express", FeatureType.BOOLEAN),
                new FeatureDefinition("items", FeatureType.NUMERIC));
    }

    @Test
    void shouldRejectUnionOfSeveralTypesWhenUsedAsFeature() {
        assertThatThrownBy(() -> FeatureSpec.fromSchema(SCHEMA, "orderId", "placedAt", "returned", List.of("items", "mixed")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG)
                .hasMessageContaining("mixed");
    }

    @Test
    void shouldAcceptTimestampWhenFieldIsOptionalTimestampMillis() {
        assertThat(FeatureSpec.fromSchema(SCHEMA, "orderId", "placedAt", "returned", List.of("items")).timestampField())
                .isEqualTo("placedAt");
    }

    @Test
    void shouldRejectTimestampFieldWhenNotALong() {
        assertThatThrownBy(() -> FeatureSpec.fromSchema(SCHEMA, "orderId", "weight", "returned", List.of("items")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG)
                .hasMessageContaining("weight");
    }

    @Test
    void shouldRejectTimestampFieldWhenItIsTheIdField() {
        assertThatThrownBy(() -> FeatureSpec.fromSchema(SCHEMA, "orderId", "orderId", "returned", List.of("items")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG);
    }

    @Test
    void shouldRefuseEmptyFeatureListWhenConstructedDirectly() {
        assertThatThrownBy(() -> new FeatureSpec("id", "", "label", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCopyFeaturesWhenConstructed() {
        List<FeatureField> features = new ArrayList<>(List.of(new FeatureField("a", FeatureType.NUMERIC)));
        FeatureSpec spec = new FeatureSpec("id", "", "label", features);
        features.add(new FeatureField("b", FeatureType.NUMERIC));

        assertThat(spec.featureNames()).containsExactly("a");
    }
}
