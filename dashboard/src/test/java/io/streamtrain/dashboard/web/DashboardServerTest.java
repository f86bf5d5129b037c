package io.streamtrain.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.dashboard.data.DriftTracker;
import io.streamtrain.dashboard.data.PipelineActivity;
import io.streamtrain.dashboard.data.TestEnvelopes;
import io.streamtrain.dashboard.data.TopicTotals;
import io.streamtrain.messages.PromotionStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineActivity activity = new PipelineActivity("p", 10);
    private DashboardServer server;

    @BeforeEach
    void start() {
        server = new DashboardServer(activity, new DriftTracker("p", activity::versions),
                new DashboardConfig(Map.of(DashboardConfig.PORT_CONFIG, "0")));
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
    void shouldSayWhyNoDriftIsReportedYet() throws Exception {
        JsonNode drift = JSON.readTree(get("/api/pipelines/p/drift").body());

        assertThat(drift.path("reported").asBoolean()).isFalse();
        assertThat(drift.path("reason").asText()).isEqualTo(DashboardServer.NOT_REPORTED).contains("full drift window");
    }

    @Test
    void shouldServeTheIconThePagesAskFor() throws Exception {
        HttpResponse<String> icon = get("/favicon.svg");

        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.body()).startsWith("<svg");
        assertThat(get("/index.html").body()).contains("href=\"favicon.svg\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
