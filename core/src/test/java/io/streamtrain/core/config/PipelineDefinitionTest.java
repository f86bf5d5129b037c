package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

    private static final PipelineDefinition CHURN = PipelineDefinition.of("churn.properties", Map.of(
            PipelineConfig.PIPELINE_NAME_CONFIG, "churn", "example.port", "7", "kafka.bootstrap.servers", "file:9092"));

    @Test
    void shouldAddServiceAndClientKeysWithoutParsingThePipelineAgain() {
        PipelineDefinition run = CHURN.with(Map.of("kafka.bootstrap.servers", "embedded:9092", "example.port", "8"));

        assertThat(run.pipeline()).isSameAs(CHURN.pipeline());
        assertThat(run.source()).isEqualTo("churn.properties");
        assertThat(run.kafka().bootstrapServers()).contains("embedded:9092");
        assertThat(run.configuration()).containsEntry("example.port", "8");
        assertThat(CHURN.kafka().bootstrapServers()).contains("file:9092");
    }

    @Test
    void shouldRefuseToAddPipelineKeysWhichWouldNeedAnotherParse() {
        assertThatThrownBy(() -> CHURN.with(Map.of(PipelineConfig.WINDOW_SIZE_MS_CONFIG, "1000", "topics.records", "other")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[topics.records, window.size.ms]")
                .hasMessageContaining("churn.properties");
    }

    @Test
    void shouldGiveAServiceItsOwnKeysTheParsedPipelineAndTheClientSettings() {
        ExampleConfig config = new ExampleConfig(CHURN.with(Map.of("kafka.bootstrap.servers", "embedded:9092")));

        assertThat(config.getInt("example.port")).isEqualTo(7);
        assertThat(config.pipeline()).isSameAs(CHURN.pipeline());
        assertThat(config.kafka().bootstrapServers()).contains("embedded:9092");
        assertThat(config.definition().name()).isEqualTo("churn");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidServiceValue() {
        assertThatThrownBy(() -> new ExampleConfig(CHURN.with(Map.of("example.port", "many"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("example.port");
    }

    @Test
    void shouldMakeTheDefinitionOfAParsedPipelineFromItsKeys() {
        PipelineDefinition definition = PipelineDefinition.of(CHURN.pipeline());

        assertThat(definition.pipeline()).isSameAs(CHURN.pipeline());
        assertThat(definition.configuration()).isEqualTo(CHURN.configuration());
    }

    /** A service's configuration as every service makes it: its own keys of the definition. */
    private static final class ExampleConfig extends ServiceConfig {
        ExampleConfig(PipelineDefinition definition) {
            super(new ConfigDef().define("example.port", Type.INT, 1, Importance.LOW, "A port."), definition);
        }
    }
}
