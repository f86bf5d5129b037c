package io.streamtrain.dashboard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.javalin.util.JavalinException;
import io.javalin.validation.ValidationException;
import io.streamtrain.core.metrics.PrometheusScrape;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.dashboard.data.DeadLetterLog;
import io.streamtrain.dashboard.data.DriftTracker;
import io.streamtrain.dashboard.data.DriftView;
import io.streamtrain.dashboard.data.EventView;
import io.streamtrain.dashboard.data.PipelineActivity;
import io.streamtrain.dashboard.registry.RegistryActions;
import io.streamtrain.registry.RegistryException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the dashboard of one pipeline: the pages (static files in the jar, under {@code /dashboard}), a JSON API
 * read by the pages, the live event feed as server-sent events and the process's Prometheus metrics.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code GET /}</td><td>overview and live event feed</td></tr>
 *   <tr><td>{@code GET /models.html}</td><td>model versions: table and chart of the main metric</td></tr>
 *   <tr><td>{@code GET /api/pipelines}</td><td>the overview, one object per pipeline</td></tr>
 *   <tr><td>{@code GET /api/pipelines/{p}/models}</td><td>every model version with its status</td></tr>
 *   <tr><td>{@code GET /version.html?v=N}</td><td>one version: metrics, confusion matrix, hyperparameters, tuning, gate,
 *   lineage, preprocessing, training distributions, signature; registry actions</td></tr>
 *   <tr><td>{@code GET /compare.html?a=N&b=M}</td><td>two versions side by side</td></tr>
 *   <tr><td>{@code GET /api/pipelines/{p}/models/{v}}</td><td>one version ({@link io.streamtrain.dashboard.data.ModelVersionDetail})</td></tr>
 *   <tr><td>{@code GET /api/pipelines/{p}/rates}</td><td>records in, predictions and dead letters per second over the last hour, oldest first</td></tr>
 *   <tr><td>{@code GET /dead-letters.html}</td><td>dead letters: counts by reason per minute, the newest with a preview</td></tr>
 *   <tr><td>{@code GET /api/pipelines/{p}/dead-letters}</td><td>{@link DeadLetterLog.Summary}</td></tr>
 *   <tr><td>{@code GET /api/pipelines/{p}/events}</td><td>recent events, oldest first</td></tr>
 *   <tr><td>{@code GET /drift.html}</td><td>drift: PSI per feature and live against test-split quality of the served model</td></tr>
 *   <tr><td>{@code GET /api/pipelines/{p}/drift}</td><td>the latest drift report ({@link DriftView}) or {@code reported: false}
 *   with the reason; the PSI of every report of the last hour ({@code history}) and the latest {@code retrainRequests}</td></tr>
 *   <tr><td>{@code POST /api/pipelines/{p}/models/{v}/rollback}</td><td>roll back to version v (admin token)</td></tr>
 *   <tr><td>{@code PUT /api/pipelines/{p}/pin}</td><td>pin, body {@code {"version": v, "reason": "..."}} (admin token)</td></tr>
 *   <tr><td>{@code DELETE /api/pipelines/{p}/pin?reason=...}</td><td>unpin (admin token)</td></tr>
 *   <tr><td>{@code GET /api/events}</td><td>server-sent events: recent events, then each new one as it arrives</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus text format</td></tr>
 * </table>
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_NAME = "pipeline-event";
    /**
     * Why the drift page is empty: no scorer has scored with a model that has a baseline yet, or the first report
     * interval has not passed; the page says so rather than look broken.
     */
    static final String NOT_REPORTED = "No scorer has reported drift yet. A scorer reports once a model version with a "
            + "drift baseline has scored records (every scorer.drift.check.interval.records, at most every "
            + "scorer.drift.report.interval.ms; 60 s by default), with the PSI so far while its drift window fills.";

    private final PipelineActivity activity;
    private final DriftTracker drift;
    private final DeadLetterLog deadLetters;
    private final RegistryActions registry;
    private final DashboardConfig config;
    private final Javalin app;

    public DashboardServer(PipelineActivity activity, DriftTracker drift, DeadLetterLog deadLetters, RegistryActions registry,
                           DashboardConfig config) {
        this.activity = activity;
        this.drift = drift;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.config = config;
        this.app = Javalin.create(this::configure);
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException if the port cannot be bound, naming the key to change
     */
    public void start() {
        try {
            app.start();
        } catch (JavalinException e) {
            throw new IllegalStateException("the dashboard of pipeline " + activity.pipeline() + " cannot listen on port "
                    + config.port() + " (" + e.getMessage() + "); choose another " + DashboardConfig.PORT_CONFIG
                    + ", or 0 for any free port", e);
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } catch (JavalinException e) {
            LOG.warn("The dashboard of pipeline {} did not stop cleanly: {}", activity.pipeline(), e.toString());
        }
    }

    private void configure(JavalinConfig javalin) {
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        javalin.startup.startupWatcherEnabled = false;
        javalin.jetty.host = config.host().isEmpty() ? null : config.host();
        javalin.jetty.port = config.port();
        javalin.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
        });
        javalin.routes.get("/api/pipelines", ctx -> json(ctx, List.of(activity.overview())));
        javalin.routes.get("/api/pipelines/{pipeline}/models", ctx -> {
            if (known(ctx)) {
                json(ctx, activity.versions());
            }
        });
        javalin.routes.get("/api/pipelines/{pipeline}/models/{version}", ctx -> {
            if (known(ctx)) {
                String asked = ctx.pathParam("version");
                if (!asked.matches("\\d{1,18}")) {
                    ctx.status(400);
                    json(ctx, Map.of("error", "a model version is a positive whole number, not " + asked));
                    return;
                }
                activity.version(Long.parseLong(asked)).ifPresentOrElse(detail -> json(ctx, detail), () -> {
                    ctx.status(404);
                    json(ctx, Map.of("error", "version " + asked + " is not among the " + activity.pipeline()
                            + " versions this dashboard keeps (the newest 1,000; `streamtrain models list` lists them all)"));
                });
            }
        });
        javalin.routes.get("/api/pipelines/{pipeline}/rates", ctx -> {
            if (known(ctx)) {
                json(ctx, activity.rates());
            }
        });
        javalin.routes.get("/api/pipelines/{pipeline}/dead-letters", ctx -> {
            if (known(ctx)) {
                json(ctx, deadLetters.summary());
            }
        });
        javalin.routes.get("/api/pipelines/{pipeline}/events", ctx -> {
            if (known(ctx)) {
                json(ctx, activity.recentEvents());
            }
        });
        javalin.routes.get("/api/pipelines/{pipeline}/drift", ctx -> {
            if (known(ctx)) {
                Map<String, Object> answer = new LinkedHashMap<>();
                drift.current().ifPresentOrElse(view -> answer.putAll(Map.of("reported", true, "drift", view)),
                        () -> answer.putAll(Map.of("reported", false, "reason", NOT_REPORTED)));
                answer.put("history", drift.history());
                answer.put("retrainRequests", drift.retrainRequests());
                json(ctx, answer);
            }
        });
        javalin.routes.get("/api/settings", ctx -> json(ctx, Map.of("refreshMs", config.refreshInterval().toMillis(),
                "registryActions", registry.enabled())));
        javalin.routes.post("/api/pipelines/{pipeline}/models/{version}/rollback", ctx -> act(ctx, () -> {
            long version = ctx.pathParamAsClass("version", Long.class).check(v -> v > 0, "a positive version").get();
            return registry.rollback(ctx.header("Authorization"), ctx.ip(), version);
        }));
        javalin.routes.put("/api/pipelines/{pipeline}/pin", ctx -> act(ctx, () -> {
            JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(ctx.body());
            OptionalLong version = body.path("version").canConvertToLong() && body.path("version").asLong() > 0
                    ? OptionalLong.of(body.path("version").asLong()) : OptionalLong.empty();
            return registry.pin(ctx.header("Authorization"), ctx.ip(), version, body.path("reason").asText(""));
        }));
        javalin.routes.delete("/api/pipelines/{pipeline}/pin", ctx -> act(ctx,
                () -> registry.unpin(ctx.header("Authorization"), ctx.ip(), Objects.toString(ctx.queryParam("reason"), ""))));
        javalin.routes.get("/api/events", new SseHandler(this::follow));
        javalin.routes.get("/metrics", ctx -> ctx.contentType(PrometheusScrape.CONTENT_TYPE).result(PrometheusScrape.scrape()));
    }

    /** Sends the recent events, then every new one, until the page goes away. */
    private void follow(SseClient client) {
        client.keepAlive();
        Consumer<EventView> listener = event -> send(client, event);
        client.onClose(() -> activity.removeListener(listener));
        activity.addListener(listener);
        activity.recentEvents().forEach(event -> send(client, event));
    }

    private static void send(SseClient client, EventView event) {
        if (client.terminated()) {
            return;
        }
        try {
            client.sendEvent(EVENT_NAME, JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.type() + " as JSON", e);
        }
    }

    /**
     * Runs a registry action and answers its result, or the reason it was refused: 401/403 for the token, 400 for a
     * request that does not parse, 409 for what the registry refused (an unknown version, a signature that does not
     * verify, nothing to pin).
     */
    private void act(Context ctx, Action action) {
        if (!known(ctx)) {
            return;
        }
        try {
            json(ctx, action.run());
        } catch (RegistryActions.ActionRefused e) {
            ctx.status(e.status());
            json(ctx, Map.of("error", e.getMessage()));
        } catch (ValidationException | JsonProcessingException e) {
            ctx.status(400);
            json(ctx, Map.of("error", "the request does not parse: " + e.getMessage()));
        } catch (RegistryException e) {
            ctx.status(409);
            json(ctx, Map.of("error", e.getMessage()));
        }
    }

    @FunctionalInterface
    private interface Action {
        RegistryActions.ActionResult run() throws JsonProcessingException;
    }

    private boolean known(Context ctx) {
        String asked = ctx.pathParam("pipeline");
        if (!asked.equals(activity.pipeline())) {
            ctx.status(404);
            json(ctx, Map.of("error", "no pipeline " + asked + "; this dashboard shows " + activity.pipeline()));
            return false;
        }
        return true;
    }

    private static void json(Context ctx, Object body) {
        try {
            ctx.contentType(ContentType.APPLICATION_JSON).result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's answer as JSON", e);
        }
    }
}
