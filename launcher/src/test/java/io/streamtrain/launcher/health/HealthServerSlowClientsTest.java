package io.streamtrain.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.testing.SlowClients;
import io.streamtrain.launcher.health.Readiness.ServiceState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slow and silent clients on loopback do not stop the health server from answering the others. */
@Timeout(60)
class HealthServerSlowClientsTest {

    private static final int CLIENTS = 60;
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ANSWER_BOUND).build();
    private final SlowClients slowClients = new SlowClients(ANSWER_BOUND);
    private HealthServer server;

    @BeforeEach
    void start() throws IOException {
        server = HealthServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> Readiness.of(Map.of("scorer", ServiceState.UP)));
    }

    @AfterEach
    void stop() throws IOException {
        slowClients.close();
        server.close();
    }

    @Test
    void shouldKeepAnsweringReadinessWhileSlowAndSilentClientsHoldConnections() throws Exception {
        for (int i = 0; i < CLIENTS; i++) {
            Socket slow = connect();
            // The headers of a request, then one more header byte every second.
            slowClients.trickle(slow, "GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII), 'a',
                    Duration.ofSeconds(1));
            connect();
        }

        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                    .timeout(ANSWER_BOUND).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            Thread.sleep(500);
        }
    }

    private Socket connect() throws IOException {
        return slowClients.connect(server.port());
    }

}
