package io.streamtrain.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HealthServerTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Readiness> readiness = new AtomicReference<>(
            Readiness.of(Map.of("trainer", ServiceState.UP)));
    private HealthServer server;

    @BeforeEach
    void start() throws IOException {
        server = HealthServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), readiness::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerLiveWhileRunning() throws Exception {
        HttpResponse<String> response = get("/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void shouldAnswerReadyWhenTheCheckSaysReady() throws Exception {
        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"services\":{\"trainer\":\"UP\"},\"unhealthy\":[]}");
    }

    @Test
    void shouldAnswer503NamingUnhealthyServicesWhenNotReady() throws Exception {
        readiness.set(Readiness.of(Map.of("trainer", ServiceState.DOWN)));

        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\",\"services\":{\"trainer\":\"DOWN\"},\"unhealthy\":[\"trainer\"]}");
    }

    @Test
    void shouldAnswer503WhenTheCheckThrows() throws Exception {
        HealthServer failing = HealthServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            throw new IllegalStateException("boom");
        });
        try (failing) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(failing.port(), "/health/ready")).build());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"status\":\"DOWN\"").doesNotContain("boom");
        }
    }

    @Test
    void shouldAnswerLiveEvenWhileTheReadinessCheckBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HealthServer blocking = HealthServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            awaitQuietly(release);
            return Readiness.of(Map.of());
        });
        try (blocking) {
            CompletableFuture<HttpResponse<String>> pending = client.sendAsync(HttpRequest.newBuilder(uri(blocking.port(), "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(send(HttpRequest.newBuilder(uri(blocking.port(), "/health/live")).build()).statusCode())
                    .isEqualTo(200);
            release.countDown();
            assertThat(pending.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerHeadWithoutBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(server.port(), "/health/ready"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldRefuseOtherMethods() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(server.port(), "/health/live"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void shouldAnswer404ForOtherPaths() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(404);
        assertThat(get("/health/live/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldFailToStartOnATakenPort() {
        InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());

        assertThatThrownBy(() -> HealthServer.start(taken, readiness::get)).isInstanceOf(BindException.class);
    }

    @Test
    void shouldStopListeningOnClose() {
        server.close();

        assertThatThrownBy(() -> get("/health/live")).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(server.port(), path)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
