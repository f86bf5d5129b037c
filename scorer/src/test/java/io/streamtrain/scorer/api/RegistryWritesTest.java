package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.ModelSigning;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.RestClient.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may change the served version over REST without a token. No broker: a refused write never reaches Kafka, so
 * the registry points at a closed port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryWritesTest {

    private static final String BASE = "/v1/pipelines/" + PIPELINE;

    private final CurrentModel current = new CurrentModel();
    private ModelRegistry registry;
    private ScorerHttpServer server;
    private RestClient client;

    private void start(String token, boolean allowUnauthenticated) {
        KafkaClientSettings unreachable = new KafkaClientSettings(Map.of("bootstrap.servers", "127.0.0.1:1"));
        registry = new ModelRegistry(new RegistryClients(unreachable, "registry-writes-test"), CONFIG.topics(), PIPELINE,
                ModelSigning.VERIFIER, "scorer-test", Clock.systemUTC(), Duration.ofMillis(500));
        server = new ScorerHttpServer(new HttpSettings("127.0.0.1", 0, 64 * 1024, 100, Duration.ofSeconds(1), Fixtures.CLIENT_LIMITS),
                Clock.systemUTC());
        server.serve(new ServedPipeline(CONFIG, current, Fixtures.quietMonitor(current), () -> true,
                Optional.of(new RegistryAdmin(registry, token, allowUnauthenticated))));
        server.start();
        client = new RestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void shouldRefuseRollbackPinAndUnpinWithoutATokenUnlessOpenedExplicitly() {
        start("", false);

        for (Response refused : new Response[] {client.post(BASE + "/models/1/rollback", ""), client.send(request("/pin")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\": 1}"))), client.send(request("/pin").DELETE())}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(refused.json().get("error").asText()).contains("scorer.admin.token").contains("scorer.admin.allow.unauthenticated");
        }
    }

    @Test
    void shouldLetWritesThroughToTheRegistryWhenTheOperatorOpenedThem() {
        start("", true);

        Response rollback = client.post(BASE + "/models/1/rollback", "");

        // The gate lets it pass: the unreachable registry, not the missing token, is what fails it.
        assertThat(rollback.status()).as(rollback.body()).isNotIn(401, 403);
    }

    @Test
    void shouldAskForTheTokenWhenOneIsSet() {
        start("s3cret", false);

        assertThat(client.post(BASE + "/models/1/rollback", "").status()).isEqualTo(401);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + client.port() + BASE + path))
                .header("Content-Type", "application/json");
    }
}
