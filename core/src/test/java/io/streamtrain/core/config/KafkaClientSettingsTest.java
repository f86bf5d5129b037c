package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @Test
    void shouldPassKafkaKeysUntouchedWhenPrefixIsRemoved() {
        Map<String, Object> configuration = new HashMap<>();
        configuration.put("kafka.bootstrap.servers", "broker:9092");
        configuration.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        configuration.put("kafka.linger.ms", 5);
        configuration.put("kafka.ignored", null);
        configuration.put("window.size.ms", "1000");

        KafkaClientSettings settings = KafkaClientSettings.from(configuration);

        assertThat(settings.properties()).containsOnly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"),
                Map.entry("linger.ms", 5));
    }

    @Test
    void shouldReportNoBootstrapServersWhenMissingOrBlank() {
        assertThat(KafkaClientSettings.from(Map.of()).bootstrapServers()).isEmpty();
        assertThat(KafkaClientSettings.from(Map.of("kafka.bootstrap.servers", " ")).bootstrapServers()).isEmpty();
        assertThat(KafkaClientSettings.from(Map.of("kafka.bootstrap.servers", "a:1,b:2")).bootstrapServers()).contains("a:1,b:2");
    }

    @Test
    void shouldLeaveOriginalUnchangedWhenBootstrapServersAreReplaced() {
        KafkaClientSettings original = KafkaClientSettings.from(Map.of("kafka.acks", "all"));

        KafkaClientSettings embedded = original.withBootstrapServers("127.0.0.1:39092");

        assertThat(embedded.bootstrapServers()).contains("127.0.0.1:39092");
        assertThat(embedded.properties()).containsEntry("acks", "all");
        assertThat(original.bootstrapServers()).isEmpty();
    }

    @Test
    void shouldLetExplicitSettingsWinWhenMergedOverDefaults() {
        KafkaClientSettings settings = KafkaClientSettings.from(Map.of("kafka.acks", "1"));

        Map<String, Object> merged = settings.over(Map.of("acks", "all", "enable.idempotence", "true"));
        merged.put("client.id", "trainer");

        assertThat(merged).containsOnly(
                Map.entry("acks", "1"), Map.entry("enable.idempotence", "true"), Map.entry("client.id", "trainer"));
    }

    @Test
    void shouldCopyPropertiesWhenConstructed() {
        Map<String, Object> properties = new HashMap<>(Map.of("acks", "all"));
        KafkaClientSettings settings = new KafkaClientSettings(properties);
        properties.put("acks", "0");

        assertThat(settings.properties()).containsEntry("acks", "all");
        assertThatThrownBy(() -> settings.properties().put("acks", "0")).isInstanceOf(UnsupportedOperationException.class);
    }
}
