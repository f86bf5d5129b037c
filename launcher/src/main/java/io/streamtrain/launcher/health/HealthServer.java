package io.streamtrain.launcher.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamtrain.core.metrics.PrometheusScrape;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a process's health over HTTP for container orchestrators, with the JDK's built-in server.
 * {@code GET /health/live} answers 200 while the process runs; {@code GET /health/ready} answers 200 when the
 * readiness check says the process is ready and 503 otherwise, with the check's {@link Readiness#toJson() report}
 * as body; {@code GET /metrics} answers with every meter of the process in the Prometheus text format
 * ({@link PrometheusScrape}). {@code HEAD} works too; other methods get 405, other paths 404.
 *
 * <p>Every request runs on its own virtual thread, so a slow readiness check never holds up the liveness answer.
 */
public final class HealthServer implements AutoCloseable {

    /** The liveness path. */
    public static final String LIVE_PATH = "/health/live";
    /** The readiness path. */
    public static final String READY_PATH = "/health/ready";
    /** The Prometheus metrics path. */
    public static final String METRICS_PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private static final String JSON = "application/json";
    private static final Answer LIVE = new Answer(200, JSON, "{\"status\":\"UP\"}");
    private static final Answer CHECK_FAILED = new Answer(503, JSON, "{\"status\":\"DOWN\",\"error\":\"the readiness check failed; see the log\"}");
    private static final Answer NOT_FOUND = new Answer(404, JSON,
            "{\"error\":\"not found; try " + LIVE_PATH + ", " + READY_PATH + " or " + METRICS_PATH + "\"}");
    private static final Answer METHOD_NOT_ALLOWED = new Answer(405, JSON, "{\"error\":\"method not allowed; use GET or HEAD\"}");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} (port 0 picks a free port, see {@link #port()}) and starts serving.
     *
     * @param readiness asked on every readiness request; it must be cheap and must not block for long
     * @throws IOException when the address cannot be bound, for example because the port is taken
     */
    public static HealthServer start(InetSocketAddress address, Supplier<Readiness> readiness) throws IOException {
        Objects.requireNonNull(readiness, "readiness");
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> respond(exchange, null, () -> NOT_FOUND));
        server.createContext(LIVE_PATH, exchange -> respond(exchange, LIVE_PATH, () -> LIVE));
        server.createContext(READY_PATH, exchange -> respond(exchange, READY_PATH, () -> ready(readiness)));
        server.createContext(METRICS_PATH, exchange -> respond(exchange, METRICS_PATH,
                () -> new Answer(200, PrometheusScrape.CONTENT_TYPE, PrometheusScrape.scrape())));
        server.start();
        HealthServer health = new HealthServer(server, executor);
        LOG.info("health checks served on port {}: {} and {}; Prometheus metrics on {}", health.port(), LIVE_PATH, READY_PATH,
                METRICS_PATH);
        return health;
    }

    /** The port served on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening at once and drops requests still being answered; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static Answer ready(Supplier<Readiness> readiness) {
        try {
            Readiness current = readiness.get();
            return new Answer(current.isReady() ? 200 : 503, JSON, current.toJson());
        } catch (RuntimeException e) {
            LOG.warn("the readiness check failed", e);
            return CHECK_FAILED;
        }
    }

    /** Answers {@code exchange} if it asks for exactly {@code path} (null: any path is unknown) with GET or HEAD. */
    private static void respond(HttpExchange exchange, String path, Supplier<Answer> answer) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            Answer response;
            if (path == null || !exchange.getRequestURI().getPath().equals(path)) {
                response = NOT_FOUND;
            } else if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = METHOD_NOT_ALLOWED;
            } else {
                response = answer.get();
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private record Answer(int status, String contentType, String body) {
    }
}
