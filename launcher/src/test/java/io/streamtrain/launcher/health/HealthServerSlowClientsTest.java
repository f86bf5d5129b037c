package io.streamtrain.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService tricklers = Executors.newVirtualThreadPerTaskExecutor();
    private HealthServer server;

    @BeforeEach
    void start() throws IOException {
        server = HealthServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> Readiness.of(Map.of("scorer", ServiceState.UP)));
    }

    @AfterEach
    void stop() throws IOException {
        stop.set(true);
        tricklers.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void shouldKeepAnsweringReadinessWhileSlowAndSilentClientsHoldConnections() throws Exception {
        for (int i = 0; i < CLIENTS; i++) {
            Socket slow = connect();
            tricklers.submit(() -> trickle(slow));
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
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) ANSWER_BOUND.toMillis());
        sockets.add(socket);
        return socket;
    }

    /** Sends a request's headers one byte every second: never idle, never done. */
    private Void trickle(Socket socket) {
        byte[] headers = "GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(headers);
            while (!stop.get()) {
                out.write('a');
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException | InterruptedException e) {
            // the server cut the connection off, or the test is over
        }
        return null;
    }
}
