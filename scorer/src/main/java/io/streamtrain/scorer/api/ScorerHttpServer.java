package io.streamtrain.scorer.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinException;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.metrics.PrometheusScrape;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.core.requests.RequestJson;
import io.streamtrain.messages.Prediction;
import io.streamtrain.scorer.drift.LiveMonitor;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelVersions;
import io.streamtrain.scorer.model.ScoringModel;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's REST API on an embedded Javalin (Jetty) server, for every pipeline of a deployment: each scorer
 * {@link #serve(ServedPipeline) registers} its pipeline, so one port answers for all of them. It shares nothing
 * with the Kafka scoring loops but each pipeline's {@link CurrentModel}: each request reads the current model once
 * and makes all its predictions with that snapshot, so a hot swap never fails a request nor mixes versions within one.
 *
 * <ul>
 *   <li>{@code POST /v1/pipelines/{pipeline}/predict}: one record, an array of records, or
 *       {@code {"requestId", "records"}} in; {@code {"requestId", "pipeline", "modelVersion", ..., "predictions"}} out,
 *       lean by default, each prediction the JSON object of the predictions topic with {@code ?format=topic}
 *       ({@link PredictResponseFormat}).</li>
 *   <li>{@code POST /v1/pipelines/{pipeline}/train-and-score}: per-request training ({@link TrainAndScore}), bounded by
 *       {@link HttpSettings.RequestTraining}; the former path {@code .../transient} still answers, marked deprecated.</li>
 *   <li>{@code GET /v1/pipelines/{pipeline}/model}: the served model's version, test-split metrics, live metrics from
 *       late labels, and lineage.</li>
 *   <li>{@code GET /v1/pipelines/{pipeline}/drift}: drift of the scored traffic against the model's baseline (PSI per
 *       feature and of the predictions) and live quality per model version.</li>
 *   <li>{@code GET /v1/pipelines}: every served pipeline and its state.</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready}: liveness (every served pipeline's scorer runs) and
 *       readiness (they run, have reached Kafka within {@code health.kafka.unreachable.ms}, and each has a model).</li>
 *   <li>{@code GET /openapi.json}: the OpenAPI document.</li>
 *   <li>{@code GET /metrics}: the process's meters in the Prometheus text format.</li>
 *   <li>{@code GET /v1/pipelines/{pipeline}/models}, {@code GET .../models/{version}}, {@code GET .../models/{version}/onnx},
 *       {@code POST .../models/{version}/rollback}, {@code PUT} and {@code DELETE /v1/pipelines/{pipeline}/pin}: the model
 *       registry ({@link RegistryAdmin}); writes need the admin token.</li>
 *   <li>{@code GET /v2/models/{pipeline}}, {@code GET /v2/models/{pipeline}/ready}, {@code POST /v2/models/{pipeline}/infer}:
 *       the Open Inference Protocol v2 over the same models and scoring ({@link OpenInference}).</li>
 * </ul>
 *
 * <p>Failure policy: every error is JSON, {@code {"error", "field", "record"}} (see {@link ApiException}), Jetty's own
 * refusals included ({@link JsonErrorHandler}): 400 for bad input, 404 for an unknown pipeline, path or model version,
 * 405 for a wrong method, 408 for a body too slow, 409 for another version than the served one where no history is
 * read, 415 for a body that is not JSON, 422 for a version the model checks refuse, 503 (with
 * {@code Retry-After}) before the first model or while too many history reads or per-request trainings run, 504 for a
 * version whose history read outlasts {@link HttpSettings#historyReadTimeout()} or a per-request training that outlasts
 * its limit, 500 for anything unexpected, which is logged with its stack trace and
 * answered without it. Slow and silent clients are bounded by {@link HttpSettings.ClientLimits}.
 */
public final class ScorerHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerHttpServer.class);
    private static final String PIPELINE_PARAM = "pipeline";
    private static final String TRAIN_AND_SCORE_PATH = "/v1/pipelines/{pipeline}/train-and-score";
    /** Deprecated: per-request training was once called "transient", like the pipeline mode it is not. */
    private static final String FORMER_TRAIN_AND_SCORE_PATH = "/v1/pipelines/{pipeline}/transient";
    /** Before the first model, clients are told to come back after this many seconds. */
    private static final String RETRY_AFTER_SECONDS = "5";
    /** Platform threads for Jetty's selector and acceptor; requests themselves run on virtual threads. */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;

    /** One served pipeline with what its requests need, built once when it registers. */
    private record Endpoint(ServedPipeline served, PredictRequestReader reader, RestScorer scorer, TrainAndScore trainAndScore) {
    }

    private final HttpSettings settings;
    private final Clock clock;
    /** Served pipelines by name, in registration order; replaced whole, so a request sees one consistent set. */
    private volatile Map<String, Endpoint> endpoints = Map.of();
    private volatile byte[] openApi;
    private final GracefulHandler inFlight = new GracefulHandler();
    /** Cuts off request bodies that take longer than the body timeout; one daemon thread, idle but for deadlines. */
    private final ScheduledThreadPoolExecutor deadlines;
    private final RequestBodies bodies;
    private final HistoryReads historyReads;
    /** Where per-request training fits run: threads of their own, bounded for the whole server. */
    private final OffloadedCalls trainingFits;
    private final Javalin app;
    /** The health checks' own connector, when {@link HttpSettings#healthPort()} asks for one; made when the server starts. */
    private volatile ServerConnector healthConnector;
    /** The {@code instance} tag of the REST API's meters: one API serves every pipeline of the process. */
    private static final String REST_INSTANCE = "rest-api";
    private static final String LIVE_PATH = "/health/live";
    private static final String READY_PATH = "/health/ready";
    private static final Set<String> HEALTH_PATHS = Set.of(LIVE_PATH, READY_PATH);

    /** A server for the pipelines that {@link #serve(ServedPipeline) register}; none yet. */
    public ScorerHttpServer(HttpSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.openApi = OpenApiDocument.build(List.of());
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("streamtrain-scorer-http-deadlines").factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.bodies = new RequestBodies(settings, deadlines);
        this.historyReads = new HistoryReads(settings.historyReadTimeout());
        this.trainingFits = new OffloadedCalls(settings.training().concurrency(), settings.training().timeout(),
                Thread.ofPlatform().daemon().name("streamtrain-scorer-request-training-", 0).factory());
        this.app = Javalin.create(this::configure);
    }

    /**
     * A server for one pipeline.
     *
     * @param monitor drift and live quality of the served model
     * @param alive   whether the scorer runs (its model follower and scoring loop); liveness and readiness follow it
     * @param clock   stamps {@code scoredAt}
     */
    public ScorerHttpServer(PipelineConfig pipeline, CurrentModel current, LiveMonitor monitor, BooleanSupplier alive,
                            HttpSettings settings, Clock clock) {
        this(settings, clock);
        serve(new ServedPipeline(pipeline, current, monitor, alive));
    }

    /**
     * Serves {@code pipeline} from now on, in place of an earlier registration of the same name (a restarted scorer).
     */
    public synchronized void serve(ServedPipeline pipeline) {
        RestScorer scorer = new RestScorer(pipeline.pipeline().inputSchema(), pipeline.pipeline().featureSpec(), pipeline.name(), clock);
        Endpoint endpoint = new Endpoint(pipeline, new PredictRequestReader(pipeline.pipeline().inputSchema(), settings.maxBatchRecords()),
                scorer, new TrainAndScore(pipeline.pipeline(), scorer, settings.training().maxRecords(), trainingFits, clock));
        Map<String, Endpoint> next = new LinkedHashMap<>(endpoints);
        next.put(pipeline.name(), endpoint);
        publish(next);
    }

    /** Stops serving the pipeline named {@code name}: its requests are answered 404 until it registers again. */
    public synchronized void withdraw(String name) {
        Map<String, Endpoint> next = new LinkedHashMap<>(endpoints);
        if (next.remove(name) != null) {
            publish(next);
        }
    }

    private void publish(Map<String, Endpoint> next) {
        openApi = OpenApiDocument.build(next.values().stream().map(e -> e.served().pipeline()).toList());
        endpoints = Collections.unmodifiableMap(next);
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException if the port cannot be bound, naming the setting to change
     */
    public void start() {
        try {
            app.start();
        } catch (JavalinException e) {
            throw new IllegalStateException("the REST API of " + describe() + " cannot listen on "
                    + (settings.host().isEmpty() ? "*" : settings.host()) + ":" + settings.port() + " (" + e.getMessage()
                    + "); choose another scorer.http.port, 0 for any free port, or -1 for no REST API", e);
        }
        LOG.info("REST API of {} listening on port {}{}", describe(), port(),
                healthPort().isPresent() ? ", its health checks on port " + healthPort().getAsInt() + " too" : "");
    }

    /** The port the server listens on; the actual one when started with port 0. */
    public int port() {
        return app.port();
    }

    /** The health checks' own port, once started, if {@link HttpSettings#healthPort()} asks for one; the actual one for 0. */
    public OptionalInt healthPort() {
        ServerConnector connector = healthConnector;
        return connector == null ? OptionalInt.empty() : OptionalInt.of(connector.getLocalPort());
    }

    /**
     * Answers new requests 503, lets requests in flight finish for at most {@link HttpSettings#stopTimeout()},
     * then stops listening. Idempotent.
     */
    @Override
    public void close() {
        awaitRequestsInFlight();
        try {
            app.stop();
        } catch (JavalinException e) {
            LOG.warn("The REST API of {} did not stop cleanly: {}", describe(), e.toString());
        }
        deadlines.shutdownNow();
        historyReads.close();
        trainingFits.close();
    }

    /**
     * Lets the requests in flight finish; requests arriving meanwhile are answered 503 by Jetty. Idle keep-alive
     * connections are not waited for (Jetty's own graceful stop would wait for them until they time out): stopping
     * the server closes them.
     */
    private void awaitRequestsInFlight() {
        try {
            inFlight.shutdown().get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("REST requests of {} still in flight after {}; stopping the server anyway", describe(), settings.stopTimeout());
        } catch (ExecutionException e) {
            LOG.warn("Waiting for the REST requests of {} in flight failed: {}", describe(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.http.prefer405over404 = true;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("streamtrain-scorer-http");
        // A client that sends its body slowly blocks the thread reading it: a virtual one, so it never takes a thread
        // that another request (a health check) needs.
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("streamtrain-scorer-http-", 0).factory()));
        config.jetty.threadPool = threads;
        config.jetty.addConnector(this::connector);
        if (settings.healthPort() != HttpSettings.NO_HEALTH_PORT) {
            config.jetty.addConnector(this::healthConnector);
            config.routes.before(this::healthChecksOnlyOnTheirPort);
        }
        config.jetty.modifyServer(server -> {
            server.insertHandler(inFlight);
            server.setErrorHandler(new JsonErrorHandler());
        });
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
        config.routes.get(LIVE_PATH, this::live);
        config.routes.get(READY_PATH, this::ready);
        config.routes.get("/openapi.json", ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(openApi));
        config.routes.get("/metrics", ctx -> ctx.contentType(PrometheusScrape.CONTENT_TYPE).result(PrometheusScrape.scrape()));
        config.routes.get("/v1/pipelines", ctx -> ApiJson.respond(ctx, 200, pipelines()));
        config.routes.get("/v1/pipelines/{pipeline}/model", this::model);
        config.routes.get("/v1/pipelines/{pipeline}/drift", this::drift);
        config.routes.post("/v1/pipelines/{pipeline}/predict", this::predict);
        config.routes.post(TRAIN_AND_SCORE_PATH, this::trainAndScore);
        config.routes.post(FORMER_TRAIN_AND_SCORE_PATH, this::trainAndScoreAtFormerPath);
        config.routes.get("/v2/models/{pipeline}", this::inferenceMetadata);
        config.routes.get("/v2/models/{pipeline}/ready", this::inferenceReady);
        config.routes.post("/v2/models/{pipeline}/infer", this::infer);
        config.routes.get("/v1/pipelines/{pipeline}/models", ctx -> admin(ctx).list(ctx));
        config.routes.get("/v1/pipelines/{pipeline}/models/{version}", ctx -> admin(ctx).show(ctx, version(ctx)));
        config.routes.get("/v1/pipelines/{pipeline}/models/{version}/onnx", ctx -> admin(ctx).onnx(ctx, version(ctx)));
        config.routes.post("/v1/pipelines/{pipeline}/models/{version}/rollback", ctx -> admin(ctx).rollback(ctx, version(ctx)));
        config.routes.post("/v1/pipelines/{pipeline}/models/{version}/trial/end", ctx -> admin(ctx).endTrial(ctx, version(ctx), bodies.read(ctx)));
        config.routes.put("/v1/pipelines/{pipeline}/pin", ctx -> admin(ctx).pin(ctx, bodies.read(ctx)));
        config.routes.delete("/v1/pipelines/{pipeline}/pin", ctx -> admin(ctx).unpin(ctx));
        config.routes.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 503) {
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            }
            ApiJson.respond(ctx, e.status(), e.body());
        });
        config.routes.exception(HttpResponseException.class, this::javalinResponse);
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("REST request {} {} failed", ctx.method(), ctx.path(), e);
            ApiJson.respond(ctx, 500, ApiJson.error("internal error; the scorer's log has the details"));
        });
        config.router.javaLangErrorHandler((response, error) -> {
            LOG.error("REST request failed", error);
            response.setStatus(500);
            response.setContentType(ContentType.APPLICATION_JSON.getMimeType());
            try {
                response.getOutputStream().write(ApiJson.bytes(ApiJson.error("internal error; the scorer's log has the details")));
            } catch (IOException e) {
                LOG.debug("Could not write the error response: {}", e.toString());
            }
        });
    }

    /** The one connector: host and port, the idle timeout and the connection limit of {@link HttpSettings#clients()}. */
    private Connector connector(Server server, HttpConfiguration http) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host().isEmpty() ? null : settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.clients().idleTimeout().toMillis());
        server.addBean(new NetworkConnectionLimit(settings.clients().maxConnections(), connector));
        return connector;
    }

    /**
     * The health checks' own connector: the host, idle timeout and port of their own, and a connection limit of its own,
     * so that clients holding every connection of the API's connector do not keep probes waiting.
     */
    private Connector healthConnector(Server server, HttpConfiguration http) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host().isEmpty() ? null : settings.host());
        connector.setPort(settings.healthPort());
        connector.setIdleTimeout(settings.clients().idleTimeout().toMillis());
        server.addBean(new NetworkConnectionLimit(HttpSettings.HEALTH_MAX_CONNECTIONS, connector));
        healthConnector = connector;
        return connector;
    }

    /** The health port answers the health checks only: the API's other paths 404 there, as on no server at all. */
    private void healthChecksOnlyOnTheirPort(Context ctx) {
        ServerConnector connector = healthConnector;
        if (connector != null && ctx.req().getLocalPort() == connector.getLocalPort()
                && !HEALTH_PATHS.contains(ctx.path())) {
            throw ApiException.notFound("the health port answers " + HEALTH_PATHS + " only; the API is on port " + port());
        }
    }

    /** Javalin's own answers (unknown path, wrong method) in the API's error format. */
    private void javalinResponse(HttpResponseException e, Context ctx) {
        String allowed = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
        if (e.getStatus() == 405 && allowed != null) {
            ctx.header("Allow", allowed);
            ApiJson.respond(ctx, 405, ApiJson.error("method " + ctx.method() + " is not allowed on " + ctx.path() + "; use " + allowed));
        } else if (e.getStatus() == 404) {
            ApiJson.respond(ctx, 404, ApiJson.error("no endpoint " + ctx.method() + " " + ctx.path() + "; GET /openapi.json lists them"));
        } else {
            ApiJson.respond(ctx, e.getStatus(), ApiJson.error(e.getMessage()));
        }
    }

    private void predict(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        // One read of the reference per request: every prediction of the request is made by this snapshot.
        ScoringModel model = chosenVersion(ctx, endpoint, servedModel(endpoint));
        PredictResponseFormat format = PredictResponseFormat.of(ctx.queryParam(PredictResponseFormat.PARAMETER));
        PredictRequestReader.PredictRequest request = endpoint.reader().read(bodies.read(ctx), () -> UUID.randomUUID().toString());
        long started = System.nanoTime();
        List<Prediction> predictions = endpoint.scorer().score(request, model);
        String name = endpoint.served().name();
        StreamtrainMeters.scoringLatency(name, REST_INSTANCE, "rest").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        StreamtrainMeters.predictions(name, REST_INSTANCE, "rest").increment(predictions.size());
        ApiJson.respond(ctx, 200, format.answer(request.requestId(), name, model.envelope(), predictions));
    }

    private void inferenceMetadata(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        ScoringModel model = servedModel(endpoint);
        ApiJson.respond(ctx, 200, OpenInference.metadata(endpoint.served().name(), model.version(), endpoint.served().pipeline().featureSpec()));
    }

    private void inferenceReady(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        boolean ready = endpoint.served().alive().getAsBoolean() && endpoint.served().current().current().isPresent();
        ObjectNode answer = ApiJson.MAPPER.createObjectNode().put("name", endpoint.served().name()).put("ready", ready);
        if (!ready) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ApiJson.respond(ctx, ready ? 200 : 503, answer);
    }

    /** The Open Inference Protocol's infer: the same records, model snapshot and scoring as {@link #predict}. */
    private void infer(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        ScoringModel model = servedModel(endpoint);
        JsonNode body = jsonBody(ctx);
        if (!body.isObject()) {
            throw ApiException.badRequest("an infer request is a JSON object with \"inputs\"");
        }
        String requestId = body.path("id").isTextual() && !body.path("id").asText().isBlank() ? body.path("id").asText()
                : UUID.randomUUID().toString();
        PredictRequestReader.PredictRequest request = new PredictRequestReader.PredictRequest(requestId,
                OpenInference.records(body, settings.maxBatchRecords()));
        List<Prediction> predictions = endpoint.scorer().score(request, model);
        StreamtrainMeters.predictions(endpoint.served().name(), REST_INSTANCE, "rest").increment(predictions.size());
        ApiJson.respond(ctx, 200, OpenInference.answer(endpoint.served().name(), model.version(), requestId, predictions));
    }

    private void model(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        ScoringModel model = servedModel(endpoint);
        ObjectNode description = ModelDescription.of(model.envelope());
        description.set("liveMetrics", DriftDescription.liveMetricsOf(model.version(), endpoint.served().monitor()));
        ApiJson.respond(ctx, 200, description);
    }

    private void drift(Context ctx) {
        ServedPipeline served = requireKnownPipeline(ctx).served();
        ApiJson.respond(ctx, 200, DriftDescription.of(served.name(), served.current().current().map(ScoringModel::version), served.monitor()));
    }

    private ObjectNode pipelines() {
        ObjectNode response = ApiJson.MAPPER.createObjectNode();
        ArrayNode list = response.putArray("pipelines");
        for (Endpoint endpoint : endpoints.values()) {
            Optional<ScoringModel> model = endpoint.served().current().current();
            ObjectNode state = list.addObject().put("name", endpoint.served().name())
                    .put("state", model.isPresent() ? "serving" : "waiting-for-first-model");
            if (model.isPresent()) {
                state.put("modelVersion", model.get().version());
            } else {
                state.putNull("modelVersion");
            }
        }
        return response;
    }

    private void live(Context ctx) {
        List<String> stopped = names(endpoints.values().stream().filter(e -> !e.served().alive().getAsBoolean()));
        if (stopped.isEmpty()) {
            ApiJson.respond(ctx, 200, ApiJson.MAPPER.createObjectNode().put("status", "UP"));
        } else {
            ApiJson.respond(ctx, 503, down("the model follower or scoring loop of " + stopped + " has stopped; the log says why"));
        }
    }

    private void ready(Context ctx) {
        Collection<Endpoint> served = endpoints.values();
        List<String> stopped = names(served.stream().filter(e -> !e.served().alive().getAsBoolean()));
        List<String> waiting = names(served.stream().filter(e -> e.served().current().current().isEmpty()));
        List<String> cutOff = names(served.stream().filter(e -> !e.served().ready().getAsBoolean()));
        if (served.isEmpty()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            ApiJson.respond(ctx, 503, down("no pipeline is served yet"));
        } else if (!stopped.isEmpty()) {
            ApiJson.respond(ctx, 503, down("the scorer of " + stopped + " is not running"));
        } else if (!cutOff.isEmpty()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            ApiJson.respond(ctx, 503, down("the scorer of " + cutOff + " has not reached Kafka lately; it keeps trying"));
        } else if (!waiting.isEmpty()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            ApiJson.respond(ctx, 503, down("waiting for the first model of pipeline" + (waiting.size() == 1 ? " " + waiting.getFirst() : "s " + waiting)));
        } else {
            ApiJson.respond(ctx, 200, ApiJson.MAPPER.createObjectNode().put("status", "UP"));
        }
    }

    private static List<String> names(Stream<Endpoint> endpoints) {
        return endpoints.map(e -> e.served().name()).toList();
    }

    private static ObjectNode down(String reason) {
        return ApiJson.MAPPER.createObjectNode().put("status", "DOWN").put("error", reason);
    }

    private Endpoint requireKnownPipeline(Context ctx) {
        String requested = ctx.pathParam(PIPELINE_PARAM);
        Map<String, Endpoint> served = endpoints;
        Endpoint endpoint = served.get(requested);
        if (endpoint == null) {
            throw ApiException.notFound("unknown pipeline '" + requested + "'; this scorer serves "
                    + (served.size() == 1 ? "pipeline '" + served.keySet().iterator().next() + "'" : "pipelines " + served.keySet()));
        }
        return endpoint;
    }

    private void trainAndScore(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        JsonNode body = jsonBody(ctx);
        ApiJson.respond(ctx, 200, endpoint.trainAndScore().handle(body, () -> UUID.randomUUID().toString()));
    }

    /** The former path of per-request training, answered as before and marked deprecated (RFC 9745) with its successor. */
    private void trainAndScoreAtFormerPath(Context ctx) {
        ctx.header("Deprecation", "true");
        ctx.header("Link", "</v1/pipelines/" + ctx.pathParam(PIPELINE_PARAM) + "/train-and-score>; rel=\"successor-version\"");
        trainAndScore(ctx);
    }

    /** The request body as a JSON tree, read within the limits and with the request mapper's checks. */
    private JsonNode jsonBody(Context ctx) {
        try {
            return RequestJson.MAPPER.readTree(bodies.read(ctx));
        } catch (JacksonException e) {
            throw ApiException.badRequest(RequestJson.duplicateKey(e).orElseGet(() -> "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
    }

    private RegistryAdmin admin(Context ctx) {
        Endpoint endpoint = requireKnownPipeline(ctx);
        return endpoint.served().admin().orElseThrow(() -> ApiException.notFound("pipeline '" + endpoint.served().name()
                + "' offers no registry operations on this server"));
    }

    /**
     * The model the request chose with {@code ?version=N}: {@code served} when it chose none or the served one, else
     * version N of the model history, loaded through the same checks as a served model ({@link ModelVersions}) and
     * without changing the served one. 404 for a version not in the history, 422 for one that must not be used
     * (the reason says why), 409 where this server reads no history, 504 (503) when the history read outlasts its time
     * limit (too many run at once) ({@link HistoryReads}).
     */
    private ScoringModel chosenVersion(Context ctx, Endpoint endpoint, ScoringModel served) {
        String chosen = ctx.queryParam("version");
        if (chosen == null) {
            return served;
        }
        long version = wholeVersion(chosen);
        if (version == served.version()) {
            return served;
        }
        ModelVersions versions = endpoint.served().versions().orElseThrow(() -> ApiException.conflict("version " + version
                + " is not loaded; this scorer serves version " + served.version() + " only and reads no model history"));
        return switch (historyReads.find(versions, version, endpoint.served().name())) {
            case ModelVersions.Lookup.Found found -> found.model();
            case ModelVersions.Lookup.Unknown unknown -> throw ApiException.notFound("version " + version
                    + " is not in the model history of pipeline " + endpoint.served().name());
            case ModelVersions.Lookup.Refused refused -> throw ApiException.unprocessable("version " + version
                    + " cannot be used: " + refused.reason());
        };
    }

    private static long version(Context ctx) {
        return wholeVersion(ctx.pathParam("version"));
    }

    private static long wholeVersion(String version) {
        long parsed;
        try {
            parsed = Long.parseLong(version);
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed < 1) {
            throw ApiException.badField("version must be a whole number of at least 1, was '" + version + "'", "version", null);
        }
        return parsed;
    }

    private static ScoringModel servedModel(Endpoint endpoint) {
        return endpoint.served().current().current().orElseThrow(() -> ApiException.unavailable(
                "no model of pipeline " + endpoint.served().name() + " is loaded yet; retry once GET /health/ready answers 200"));
    }

    /** Names the served pipelines in logs; before any registers (a run starts the API first), says so. */
    private String describe() {
        Set<String> names = endpoints.keySet();
        return names.isEmpty() ? "this run (no pipeline served yet; each is added as its scorer starts)"
                : names.size() == 1 ? "pipeline " + names.iterator().next() : "pipelines " + names;
    }
}
