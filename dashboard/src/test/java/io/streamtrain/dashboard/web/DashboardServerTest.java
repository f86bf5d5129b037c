package io.streamtrain.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.dashboard.data.DeadLetterLog;
import io.streamtrain.dashboard.data.DeadLetterView;
import io.streamtrain.dashboard.data.DriftTracker;
import io.streamtrain.dashboard.data.PipelineActivity;
import io.streamtrain.dashboard.data.TopicTotals;
import io.streamtrain.dashboard.registry.RegistryActions;
import io.streamtrain.dashboard.registry.RegistryWrites;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.registry.RegistryException;
import io.streamtrain.schemas.testing.TestEnvelopes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineActivity activity = new PipelineActivity("p", 10);
    private final List<String> written = new ArrayList<>();
    private final DeadLetterLog deadLetters = new DeadLetterLog(10, Duration.ofHours(1));
    private DashboardServer server;

    @BeforeEach
    void start() {
        server = new DashboardServer(activity, new DriftTracker("p", activity::versions), deadLetters,
                new RegistryActions(new RecordingWrites(), "s3cret"),
                new DashboardConfig(PipelineDefinition.of(new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "p"))).with(Map.of(DashboardConfig.PORT_CONFIG, "0"))));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerTheRatesOfThePipelineOldestFirst() throws Exception {
        activity.onTotals(new TopicTotals(0, 0, 0, Map.of(), 1_000));
        activity.onTotals(new TopicTotals(500, 2, 50, Map.of(), 2_000));

        JsonNode rates = JSON.readTree(get("/api/pipelines/p/rates").body());

        assertThat(rates).hasSize(1);
        assertThat(rates.get(0).path("at").asLong()).isEqualTo(2_000);
        assertThat(rates.get(0).path("recordsPerSecond").asDouble()).isEqualTo(500.0);
        assertThat(rates.get(0).path("predictionsPerSecond").asDouble()).isEqualTo(50.0);
        assertThat(rates.get(0).path("deadLettersPerSecond").asDouble()).isEqualTo(2.0);
        assertThat(get("/api/pipelines/other/rates").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerOneVersionWithItsEnvelopeAndRefuseUnknownOnes() throws Exception {
        activity.onHistory(TestEnvelopes.envelope(3, PromotionStatus.PROMOTED), "key-1");
        activity.onChampion(3);

        JsonNode version = JSON.readTree(get("/api/pipelines/p/models/3").body());

        assertThat(version.path("status").asText()).isEqualTo("champion");
        assertThat(version.path("signingKey").asText()).isEqualTo("key-1");
        assertThat(version.at("/envelope/lineage/batchId").asText()).isEqualTo("b3");
        assertThat(version.at("/envelope/metrics/auc").asDouble()).isEqualTo(0.9);
        assertThat(version.at("/envelope/promotion/status").asText()).isEqualTo("PROMOTED");
        assertThat(get("/api/pipelines/p/models/4").statusCode()).isEqualTo(404);
        assertThat(get("/api/pipelines/p/models/x").statusCode()).isEqualTo(400);
        assertThat(get("/version.html").body()).contains("version.js");
    }

    @Test
    void shouldRollBackPinAndUnpinOnlyWithTheAdminToken() throws Exception {
        assertThat(send("POST", "/api/pipelines/p/models/2/rollback", null, "").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/pipelines/p/models/2/rollback", "wrong", "").statusCode()).isEqualTo(401);
        assertThat(written).isEmpty();

        HttpResponse<String> rollback = send("POST", "/api/pipelines/p/models/2/rollback", "s3cret", "");
        HttpResponse<String> pin = send("PUT", "/api/pipelines/p/pin", "s3cret", "{\"version\": 2, \"reason\": \"hold v2\"}");
        HttpResponse<String> unpin = send("DELETE", "/api/pipelines/p/pin?reason=done", "s3cret", "");

        assertThat(rollback.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(rollback.body()).path("operator").asText()).isEqualTo("dashboard@127.0.0.1");
        assertThat(JSON.readTree(pin.body()).path("version").asLong()).isEqualTo(2);
        assertThat(unpin.statusCode()).isEqualTo(200);
        assertThat(written).containsExactly("rollback 2 dashboard@127.0.0.1", "pin 2 dashboard@127.0.0.1 hold v2",
                "unpin dashboard@127.0.0.1 done");
        HttpResponse<String> unknown = send("POST", "/api/pipelines/p/models/99/rollback", "s3cret", "");
        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).contains("not in the history");
        assertThat(send("PUT", "/api/pipelines/p/pin", "s3cret", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseRegistryActionsWhenNoTokenIsConfigured() throws Exception {
        DashboardServer open = new DashboardServer(activity, new DriftTracker("p", activity::versions), deadLetters,
                new RegistryActions(new RecordingWrites(), ""), new DashboardConfig(PipelineDefinition.of(new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "p"))).with(Map.of(DashboardConfig.PORT_CONFIG, "0"))));
        open.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + open.port()
                    + "/api/pipelines/p/models/2/rollback")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains(DashboardConfig.ADMIN_TOKEN_CONFIG);
        } finally {
            open.close();
        }
        assertThat(written).isEmpty();
    }

    @Test
    void shouldAnswerTheDeadLettersByReasonPerMinuteAndTheNewestWithTheirSource() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.annotate(headers, DeadLetterReason.MISSING_LABEL, "no churned", "streams-app", "p.records", 2, 41);
        deadLetters.add(DeadLetterView.of(120_000, 0, 7, headers, "{\"id\":1}".getBytes(StandardCharsets.UTF_8)));

        JsonNode answer = JSON.readTree(get("/api/pipelines/p/dead-letters").body());

        assertThat(answer.at("/perMinute/0/at").asLong()).isEqualTo(120_000);
        assertThat(answer.at("/perMinute/0/counts/" + DeadLetterReason.MISSING_LABEL.code()).asLong()).isEqualTo(1);
        JsonNode letter = answer.at("/newest/0");
        assertThat(letter.path("reason").asText()).isEqualTo(DeadLetterReason.MISSING_LABEL.code());
        assertThat(letter.path("detail").asText()).isEqualTo("no churned");
        assertThat(letter.path("sourceTopic").asText()).isEqualTo("p.records");
        assertThat(letter.path("sourcePartition").asInt()).isEqualTo(2);
        assertThat(letter.path("sourceOffset").asLong()).isEqualTo(41);
        assertThat(letter.path("offset").asLong()).isEqualTo(7);
        assertThat(letter.path("valuePreview").asText()).isEqualTo("{\"id\":1}");
    }

    @Test
    void shouldSayWhyNoDriftIsReportedYet() throws Exception {
        JsonNode drift = JSON.readTree(get("/api/pipelines/p/drift").body());

        assertThat(drift.path("reported").asBoolean()).isFalse();
        assertThat(drift.path("reason").asText()).isEqualTo(DashboardServer.NOT_REPORTED).contains("PSI so far");
    }

    @Test
    void shouldServeTheIconThePagesAskFor() throws Exception {
        HttpResponse<String> icon = get("/favicon.svg");

        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.body()).startsWith("<svg");
        assertThat(get("/index.html").body()).contains("href=\"favicon.svg\"");
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Writes nothing: records each call, and refuses version 99 as the registry refuses an unknown version. */
    private final class RecordingWrites implements RegistryWrites {

        @Override
        public void rollback(long version, String operator) {
            if (version == 99) {
                throw new RegistryException("version 99 of pipeline p is not in the history");
            }
            written.add("rollback " + version + " " + operator);
        }

        @Override
        public long pin(OptionalLong version, String operator, String reason) {
            written.add("pin " + version.orElse(0) + " " + operator + " " + reason);
            return version.orElse(1);
        }

        @Override
        public void unpin(String operator, String reason) {
            written.add("unpin " + operator + " " + reason);
        }

        @Override
        public void close() {
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
