package io.streamtrain.broker;

import io.streamtrain.core.topics.PipelineTopics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerPropertiesTest {

    private static final Path DIR = Path.of("broker-data").toAbsolutePath();

    @Test
    void shouldDescribeOneCombinedNodeOnLoopback() {
        Properties props = BrokerProperties.of(DIR, new BrokerPorts(9092, 9093), Map.of());

        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", DIR.toString());
    }

    @Test
    void shouldKeepEveryInternalTopicOnOneReplica() {
        Properties props = BrokerProperties.of(DIR, new BrokerPorts(9092, 9093), Map.of());

        assertThat(props)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1");
    }

    @Test
    void shouldAcceptTheLargestModelEnvelope() {
        Properties props = BrokerProperties.of(DIR, new BrokerPorts(9092, 9093), Map.of());

        assertThat(Integer.parseInt(props.getProperty("message.max.bytes")))
                .isGreaterThan(PipelineTopics.MODEL_MAX_MESSAGE_BYTES);
        assertThat(Integer.parseInt(props.getProperty("replica.fetch.max.bytes")))
                .isGreaterThan(PipelineTopics.MODEL_MAX_MESSAGE_BYTES);
    }

    @Test
    void shouldApplyOverridesLast() {
        Properties props = BrokerProperties.of(DIR, new BrokerPorts(9092, 9093),
                Map.of("log.cleaner.backoff.ms", "100", "num.io.threads", "2"));

        assertThat(props)
                .containsEntry("log.cleaner.backoff.ms", "100")
                .containsEntry("num.io.threads", "2");
    }

    @Test
    void shouldMakeTheClientListenerSaslPlainWhenUsersAreGiven() {
        SaslPlainUsers users = SaslPlainUsers.NONE.with("alice", "alice-secret");

        Properties props = BrokerProperties.of(DIR, new BrokerPorts(9092, 9093), users, "broker-secret", Map.of());

        assertThat(props)
                .containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT")
                .containsEntry("sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "PLAIN");
        assertThat(props.getProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config"))
                .contains("username=\"streamtrain-broker\" password=\"broker-secret\"")
                .contains("user_streamtrain-broker=\"broker-secret\"")
                .contains("user_alice=\"alice-secret\"");
    }
}
