package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.testing.SlowClients;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow and silent clients on loopback against the REST API with its default client limits: they must not stop health
 * checks and ordinary predictions from being answered, and are themselves cut off within the configured bounds.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowClientsTest {

    private static final String PREDICT = "/v1/pipelines/" + PIPELINE + "/predict";
    /** More than the 64 request threads the server had: each slow client used to hold one. */
    private static final int SLOW_CLIENTS = 60;
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);

    private final CurrentModel current = new CurrentModel();
    private final SlowClients slowClients = new SlowClients(ANSWER_BOUND);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_BOUND).build();
    private ScorerHttpServer server;

    /** Starts the server with the default settings but for {@code settings} (a free port on loopback). */
    private void start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("pipeline.name", PIPELINE);
        all.put(ScorerConfig.HTTP_PORT_CONFIG, "0");
        HttpSettings http = new ScorerConfig(PipelineDefinition.of("test", all)).http().orElseThrow();
        server = new ScorerHttpServer(CONFIG, current, Fixtures.quietMonitor(current), () -> true, http, Clock.systemUTC());
        server.start();
        Fixtures.install(current, 1);
    }

    @AfterEach
    void stopEverything() throws IOException {
        slowClients.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldKeepAnsweringHealthAndPredictionsWhileSlowAndSilentClientsHoldConnections() throws Exception {
        start(Map.of());
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Socket slowBody = openPredict(1_000);
            trickle(slowBody);
            openPredict(1_000);
            connect();
        }

        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < until) {
            assertThat(answer(HttpRequest.newBuilder(uri("/health/ready")).GET())).isEqualTo(200);
            assertThat(answer(HttpRequest.newBuilder(uri(PREDICT)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json("a", 1))))).isEqualTo(200);
            Thread.sleep(500);
        }
    }

    @Test
    void shouldAnswerHealthOnItsOwnPortWhileSilentClientsHoldEveryConnectionOfTheApi() throws Exception {
        start(Map.of("scorer.http.max.connections", "8", "scorer.http.health.port", "0"));
        int healthPort = server.healthPort().orElseThrow();
        for (int i = 0; i < 8; i++) {
            connect();
        }

        // The API's connections are all held: a further client waits in the accept queue, health checks on the API's port too.
        assertThat(answers(HttpRequest.newBuilder(uri("/health/ready")).GET())).as("the API's port is full").isFalse();
        // Every check for four seconds answers 200 (each within ANSWER_BOUND), not just one of them.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(answer(HttpRequest.newBuilder(uri(healthPort, "/health/ready")).GET())).isEqualTo(200);
                    assertThat(answer(HttpRequest.newBuilder(uri(healthPort, "/health/live")).GET())).isEqualTo(200);
                });
        // The health port answers health checks only.
        assertThat(answer(HttpRequest.newBuilder(uri(healthPort, PREDICT)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json("a", 1))))).isEqualTo(404);
    }

    @Test
    void shouldCutOffABodySentOneByteAtATimeWithinTheBodyTimeout() throws Exception {
        start(Map.of("scorer.http.body.timeout.ms", "4000"));
        Socket slowBody = openPredict(1_000);
        trickle(slowBody);

        // Every byte arrives well within the idle timeout: only the body timeout ends it.
        assertThat(readsToEnd(slowBody, Duration.ofSeconds(10))).as("the server closed the connection").isTrue();
    }

    @Test
    void shouldCloseASilentConnectionAfterTheIdleTimeout() throws Exception {
        start(Map.of("scorer.http.idle.timeout.ms", "2000"));
        Socket silentBody = openPredict(1_000);
        Socket silent = connect();

        assertThat(readsToEnd(silentBody, Duration.ofSeconds(8))).as("the server closed the connection").isTrue();
        assertThat(readsToEnd(silent, Duration.ofSeconds(2))).as("the server closed the connection").isTrue();
    }

    /** Whether the server ends the connection (after an answer, if any) within {@code bound}. */
    private static boolean readsToEnd(Socket socket, Duration bound) throws IOException {
        socket.setSoTimeout((int) bound.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // the answer, if the server sends one, is not what this checks
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // reset by the server: closed as well
            return true;
        }
    }

    /** A connection that has sent the headers of a predict request announcing {@code length} body bytes, and no body. */
    private Socket openPredict(int length) throws IOException {
        Socket socket = connect();
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + PREDICT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private Socket connect() throws IOException {
        return slowClients.connect(server.port());
    }

    /** Sends one space of the body every two seconds: never idle, never done. */
    private void trickle(Socket socket) {
        slowClients.trickle(socket, new byte[0], ' ', Duration.ofSeconds(2));
    }

    private int answer(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(ANSWER_BOUND).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("no answer within " + ANSWER_BOUND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the request gets any answer within the bound. */
    private boolean answers(HttpRequest.Builder request) {
        try {
            answer(request);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private URI uri(String path) {
        return uri(server.port(), path);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
