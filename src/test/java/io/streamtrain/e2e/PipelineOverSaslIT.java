package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end scenario on an embedded broker whose only client listener is SASL_PLAINTEXT with the PLAIN
 * mechanism. The SASL settings reach the services solely as {@code kafka.*} keys, as a user would configure them,
 * so every client of every service (Admin, Streams, consumers, transactional producers) has to pass them on.
 */
class PipelineOverSaslIT extends PipelineEndToEndScenario {

    private static final String USER = "streamtrain";
    private static final String PASSWORD = "pipeline-secret";

    private static EmbeddedBrokerSettings settings;
    private static EmbeddedKafkaBroker broker;

    @TempDir
    private Path streamsState;

    @BeforeAll
    static void startSaslBroker() {
        settings = EmbeddedBrokerSettings.defaults().withSaslPlainUser(USER, PASSWORD);
        broker = EmbeddedKafkaBroker.start(settings);
        // Checked here rather than in a test of its own: every test of the scenario starts the whole pipeline.
        assertRefusesAClientThatDoesNotLogIn();
    }

    @AfterAll
    static void stopSaslBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected Map<String, String> clusterConfiguration() {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.saslUsers().clientSettings(USER).forEach((key, value) -> configuration.put("kafka." + key, value.toString()));
        configuration.put("streams.state.dir", streamsState.toString());
        return configuration;
    }

    private static void assertRefusesAClientThatDoesNotLogIn() {
        Map<String, Object> withoutLogin = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(withoutLogin)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }
}
