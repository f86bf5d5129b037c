package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.topics.PipelineTopics;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TrainerClientsTest {

    private static final String ID = "streamtrain-churn-trainer";

    @Test
    void shouldReadBatchesCommittedOnlyWithOffsetsLeftToTransactions() {
        Map<String, Object> consumer = clients(Map.of("bootstrap.servers", "k:9092")).batchConsumer();

        assertThat(consumer).containsEntry("bootstrap.servers", "k:9092")
                .containsEntry("group.id", ID)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void shouldReadTheHistoryCommittedOutsideAnyGroup() {
        assertThat(clients(Map.of()).historyConsumer())
                .doesNotContainKey("group.id")
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void shouldSizeTheTransactionalProducerForTheLargestEnvelope() {
        TrainerClients clients = clients(Map.of());

        assertThat(clients.producer()).containsEntry("transactional.id", ID)
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all")
                .containsEntry("max.request.size", PipelineTopics.MODEL_MAX_MESSAGE_BYTES)
                .containsEntry("compression.type", "zstd");
        assertThat(clients.maxEnvelopeBytes()).isLessThan(PipelineTopics.MODEL_MAX_MESSAGE_BYTES);
    }

    @Test
    void shouldLetKafkaSettingsOverrideSizingDefaults() {
        TrainerClients clients = clients(Map.of("compression.type", "lz4", "max.request.size", "2097152"));

        assertThat(clients.producer()).containsEntry("compression.type", "lz4");
        assertThat(clients.maxEnvelopeBytes()).isEqualTo(2_097_152 - TrainerClients.ENVELOPE_HEADROOM_BYTES);
    }

    @Test
    void shouldRefuseKafkaSettingsThatBreakExactlyOnceNamingTheKey() {
        assertThatThrownBy(() -> clients(Map.of("isolation.level", "read_uncommitted")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.isolation.level");
        assertThatThrownBy(() -> clients(Map.of("enable.auto.commit", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.enable.auto.commit");
        assertThatThrownBy(() -> clients(Map.of("transactional.id", "mine")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainerConfig.TRANSACTIONAL_ID_CONFIG);
    }

    private static TrainerClients clients(Map<String, Object> kafka) {
        return new TrainerClients(new KafkaClientSettings(kafka), "churn", ID, ID);
    }
}
