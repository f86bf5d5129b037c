package io.streamtrain.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as {@code streamtrain demo} runs it (its configuration, its default traffic and 10 s windows) shows judged
 * drift on the dashboard's Drift page within two minutes: a report over a full drift window, with a PSI for every
 * feature, not only the partial PSI of a window that the next model's arrival restarts.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DemoDriftIT {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration WITHIN = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldShowJudgedDriftOnTheDriftPageWithinTwoMinutes() throws IOException, InterruptedException {
        DemoTraffic traffic = DemoTraffic.defaults();
        DeploymentDefinition definition = new DeploymentDefinition(List.of(PipelineDefinition.of(DemoPipeline.NAME,
                DemoPipeline.configuration(WINDOW, traffic, 0, 0))));
        try (Deployment runtime = Deployment.start(definition, EnumSet.allOf(ServiceKind.class), null, Duration.ofSeconds(120));
             DemoProducer producer = new DemoProducer(runtime.clientProperties(),
                     runtime.pipeline(DemoPipeline.NAME).pipeline().topics(), traffic, Clock.systemUTC())) {
            String drift = "http://127.0.0.1:" + runtime.pipeline(DemoPipeline.NAME).dashboardPort().orElseThrow()
                    + "/api/pipelines/" + DemoPipeline.NAME + "/drift";
            long started = System.nanoTime();
            producer.start();

            JsonNode judged = await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(drift), answer -> answer.get("reported").asBoolean() && answer.get("drift").get("complete").asBoolean())
                    .get("drift");

            System.out.printf("DemoDriftIT: judged drift of model version %d on the Drift page %d s after the demo's traffic started%n",
                    judged.get("modelVersion").asLong(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            assertThat(judged.get("records").asLong()).isEqualTo(judged.get("windowRecords").asLong())
                    .isEqualTo(DemoPipeline.driftWindowRecords(WINDOW, traffic));
            assertThat(judged.get("featurePsi").size()).isEqualTo(6);
            judged.get("featurePsi").forEach(psi -> assertThat(psi.asDouble()).isNotNegative());
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }
}
