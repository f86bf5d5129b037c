package io.streamtrain.scorer;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.metrics.KafkaMeters;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.service.KafkaReachability;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.EventType;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import io.streamtrain.scorer.api.RegistryAdmin;
import io.streamtrain.scorer.api.ScorerHttpServer;
import io.streamtrain.scorer.api.ServedPipeline;
import io.streamtrain.scorer.drift.DriftSettings;
import io.streamtrain.scorer.drift.DriftMeters;
import io.streamtrain.scorer.drift.LiveMonitor;
import io.streamtrain.scorer.drift.RetrainTrigger;
import io.streamtrain.scorer.events.KafkaEventSink;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelFollower;
import io.streamtrain.scorer.model.TrialInstaller;
import io.streamtrain.scorer.model.ModelInstaller;
import io.streamtrain.scorer.labels.LabelFollower;
import io.streamtrain.scorer.model.ModelLoading;
import io.streamtrain.scorer.model.ModelVersions;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.scorer.serve.RequestScorer;
import io.streamtrain.scorer.serve.ScoringLoop;
import io.streamtrain.scorer.serve.ScoringPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring service of one pipeline: follows the models topic and keeps the current model hot-swapped
 * ({@link ModelFollower}), and scores the score-requests topic into the predictions topic exactly once
 * ({@link ScoringLoop}). Several instances with the same {@code scorer.group.id} share the request partitions;
 * each instance follows every model itself.
 *
 * <p>Before the first model exists, requests wait in their topic: the scorer does not consume them until it
 * has a model, then answers all of them. Every prediction names the model version that made it.
 *
 * <p>Unless {@value ScorerConfig#HTTP_PORT_CONFIG} is -1, it also serves the REST API ({@link ScorerHttpServer}),
 * which scores with the same current model and the same code as the topic path: its own server, or, when given
 * one, a server shared by the scorers of every pipeline of a deployment, with which it registers its pipeline.
 *
 * <p>It watches the served model on live traffic ({@link LiveMonitor}): drift of the scored records against the
 * model's training distributions, and live quality from late labels read from the input topic
 * ({@link LabelFollower}); drift or poor live quality asks the streams-app for an early window close through the
 * control topic ({@link RetrainTrigger}).
 *
 * <p>Events: {@code SERVICE_STARTED} and {@code SERVICE_STOPPED} from here, {@code MODEL_LOADED} and
 * {@code MODEL_REFUSED} from the {@link ModelInstaller}, {@code DRIFT_REPORT}, {@code DRIFT_DETECTED} and
 * {@code RETRAIN_REQUESTED} from the {@link LiveMonitor}; all name this instance.
 */
public final class ScorerService extends PipelineService {

    /** The service name in logs and events. */
    public static final String NAME = "scorer";

    /** Longest wait of one registry operation on the REST API for the cluster. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ScorerService.class);

    /** What a started scorer runs; published as one reference so health checks never see half of it. */
    private record Parts(KafkaEventSink sink, KafkaEventSink control, ModelFollower follower, ScoringLoop loop,
                         Optional<LabelFollower> labels, LiveMonitor monitor, Optional<ScorerHttpServer> http,
                         Optional<RegistryAdmin> admin, Optional<ModelRegistry> registry, Optional<ModelVersions> versions,
                         KafkaReachability kafka, ForkJoinPool pool) {
    }

    private final ScorerConfig config;
    private final ModelLoading loading;
    /** The deployment's REST API this scorer registers with; null when it runs its own (or none). */
    private final ScorerHttpServer sharedApi;
    private final ModelVerifier verifier;
    private final CurrentModel current = new CurrentModel();
    private final PipelineEvents events;
    private final KafkaMeters meters;
    private final Clock clock;
    private volatile Parts parts;
    private boolean announced;

    /**
     * A scorer that verifies and loads models as {@code scorer.model.runtime} says ({@link ScorerConfig#modelRuntime()}) and
     * serves its own REST API unless {@value ScorerConfig#HTTP_PORT_CONFIG} is -1.
     *
     * @param clock stamps predictions, events, drift reports and registry records
     */
    public ScorerService(ScorerConfig config, Clock clock) {
        this(config, Optional.empty(), clock);
    }

    /**
     * A scorer that serves its pipeline on {@code sharedApi}, the REST API of a deployment of several pipelines,
     * instead of a server of its own; the caller starts and closes that server.
     */
    public ScorerService(ScorerConfig config, ScorerHttpServer sharedApi, Clock clock) {
        this(config, Optional.of(sharedApi), clock);
    }

    private ScorerService(ScorerConfig config, Optional<ScorerHttpServer> sharedApi, Clock clock) {
        super(NAME, config.pipeline().pipelineName());
        this.config = config;
        if (config.pipeline().mode() == PipelineMode.TRANSIENT) {
            throw new ConfigException(PipelineConfig.PIPELINE_MODE_CONFIG, PipelineMode.TRANSIENT.key(), "pipeline "
                    + config.pipeline().pipelineName() + " answers its score requests per window from the trainer and stores no model; "
                    + "a scorer serves stored models, so none runs for it");
        }
        this.loading = config.modelRuntime().loading();
        this.sharedApi = sharedApi.orElse(null);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = new TrustConfig(config.originals()).verifier();
        if (!verifier.verifies()) {
            LOG.warn("Scorer {} serves models without checking their signatures ({}=off)", config.instanceId(),
                    TrustConfig.SIGNATURES_CONFIG);
        }
        this.events = new PipelineEvents(config.pipeline().pipelineName(), NAME + "-" + config.instanceId(), clock);
        this.meters = new KafkaMeters(config.pipeline().pipelineName(), NAME + "-" + config.instanceId());
    }

    /** Drift and live quality of the served model, while the scorer runs; for metrics and tests. */
    public Optional<LiveMonitor> liveMonitor() {
        Parts running = parts;
        return isOpen() && running != null ? Optional.of(running.monitor()) : Optional.empty();
    }

    /** The model being served; for health checks, tests and the REST API. */
    public CurrentModel currentModel() {
        return current;
    }

    /**
     * Creates what the scorer runs and starts following models, reading labels, scoring and serving.
     *
     * @return completes once the models topic has been read to its end (so the current model, if there is one, is being
     * served) and the transactional producer is initialised
     */
    @Override
    protected CompletableFuture<?> open(Duration timeout) {
        parts = createParts();
        parts.follower().start();
        parts.labels().ifPresent(LabelFollower::start);
        parts.loop().start();
        parts.http().ifPresent(ScorerHttpServer::start);
        return CompletableFuture.allOf(parts.follower().caughtUp(), parts.loop().ready());
    }

    @Override
    protected String notRunningYet() {
        Parts opened = parts;
        return (opened.follower().caughtUp().isDone() ? "" : "models topic " + config.pipeline().topics().models() + " not read to its end; ")
                + (opened.loop().ready().isDone() ? "" : "transactional producer " + config.transactionalId() + " not initialised; ")
                + "is the broker reachable and are the pipeline's topics created?";
    }

    /** Serves the pipeline on the shared REST API and announces the start. */
    @Override
    protected void onRunning() {
        if (sharedApi != null) {
            sharedApi.serve(new ServedPipeline(config.pipeline(), current, parts.monitor(), this::isHealthy, this::isReady, parts.admin(),
                    parts.versions()));
        }
        parts.sink().publish(events.event(EventType.SERVICE_STARTED, "scorer " + config.instanceId() + " started", attributes()));
        announced = true;
        LOG.info("Scorer {} of pipeline {} started: group {}, transactional id {}, {}, {}", config.instanceId(), pipelineName(),
                config.groupId(), config.transactionalId(),
                current.current().map(m -> "serving model version " + m.version()).orElse("waiting for the first model"),
                httpPort().isPresent() ? "REST API on port " + httpPort().getAsInt() : "no REST API");
    }

    /**
     * The port of the REST API while the scorer runs: {@value ScorerConfig#HTTP_PORT_CONFIG}, or the port picked
     * when that is 0. Empty before start, after close, and when the REST API is disabled.
     */
    public OptionalInt httpPort() {
        Parts running = parts;
        if (!isOpen() || running == null) {
            return OptionalInt.empty();
        }
        if (sharedApi != null) {
            return OptionalInt.of(sharedApi.port());
        }
        return running.http().isEmpty() ? OptionalInt.empty() : OptionalInt.of(running.http().get().port());
    }

    /** True while started, not closed, and both the model follower and the scoring loop run. Never blocks. */
    @Override
    public boolean isHealthy() {
        Parts running = parts;
        return isOpen() && running != null && running.follower().isRunning() && running.loop().isRunning();
    }

    /** Healthy, and Kafka was reached within {@code health.kafka.unreachable.ms}; the REST API's readiness. Never blocks. */
    @Override
    public boolean isReady() {
        Parts running = parts;
        return isHealthy() && running.kafka().reachable();
    }

    /**
     * Stops scoring after the transaction in progress, stops following models and closes every client, taking
     * at most {@code scorer.shutdown.timeout.ms} (plus the event producer's flush). When Kafka has been out of reach for
     * {@code health.kafka.unreachable.ms}, no transaction can finish: it takes 2 s at most and publishes no
     * {@code SERVICE_STOPPED}.
     */
    @Override
    protected void release() {
        Parts running = parts;
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        boolean kafkaReachable = running.kafka().reachable();
        Duration timeout = running.kafka().closeTimeout(config.shutdownTimeout());
        long deadline = started + timeout.toNanos();
        // REST first: requests in flight finish (within half the shutdown timeout), new ones are refused.
        if (sharedApi != null) {
            sharedApi.withdraw(pipelineName());
        }
        running.http().ifPresent(ScorerHttpServer::close);
        running.registry().ifPresent(ModelRegistry::close);
        running.kafka().close();
        try {
            if (!running.loop().stop(remaining(deadline))) {
                LOG.warn("Scorer {} did not finish its transaction within {}; the broker aborts it and the requests are scored again",
                        config.instanceId(), timeout);
            }
            running.follower().stop(remaining(deadline));
            if (running.labels().isPresent()) {
                running.labels().get().stop(remaining(deadline));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The loop was the pool's only user; a poll it still scores past the deadline finishes, then the threads end.
        running.pool().shutdown();
        if (announced && kafkaReachable) {
            // Only a start that was announced is matched by a stop: a failed start may lack even the events topic.
            running.sink().publish(events.event(EventType.SERVICE_STOPPED, "scorer " + config.instanceId() + " stopped", attributes()));
        } else if (announced) {
            LOG.warn("Scorer {} stops without publishing SERVICE_STOPPED: Kafka is out of reach", config.instanceId());
        }
        Duration flush = kafkaReachable ? remaining(deadline).plusSeconds(1) : Duration.ZERO;
        running.control().close(flush);
        running.sink().close(flush);
        meters.close();
        LOG.info("Scorer {} of pipeline {} stopped in {} ms", config.instanceId(), pipelineName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Creates what the scorer runs, not yet started. If a step fails, whatever the steps before it opened (clients,
     * threads' consumers, the REST server) is closed again before the failure is thrown: {@link #release()} has no
     * parts to close then.
     */
    private Parts createParts() {
        PipelineConfig pipeline = config.pipeline();
        PipelineTopics topics = pipeline.topics();
        ScorerClients clients = new ScorerClients(config);
        Deque<Runnable> opened = new ArrayDeque<>();
        try {
            KafkaReachability kafka = KafkaReachability.start(NAME + "-" + config.instanceId(), config.kafka().over(Map.of()),
                    pipeline.kafkaUnreachableAfter());
            opened.push(kafka::close);
            KafkaEventSink sink = new KafkaEventSink(topics.events(), meters.bind(new KafkaProducer<>(clients.eventsProducer())));
            opened.push(() -> sink.close(Duration.ZERO));
            KafkaEventSink control = new KafkaEventSink(topics.control(), new KafkaProducer<>(clients.controlProducer()));
            opened.push(() -> control.close(Duration.ZERO));
            DriftSettings drift = config.drift();
            LiveMonitor monitor = new LiveMonitor(drift, current, new RetrainTrigger(drift.retrainEnabled(), sink, control, events),
                    sink, events, new DriftMeters(pipeline.pipelineName(), config.instanceId()), clock);
            ModelInstaller installer = new ModelInstaller(pipeline.featureSpec(), verifier, loading, current, events, sink, config.instanceId());
            // The follower and the label reader close their consumers when their threads end; until they start, this does.
            Consumer<byte[], byte[]> modelsConsumer = meters.bind(new KafkaConsumer<>(clients.modelsConsumer()));
            opened.push(modelsConsumer::close);
            TrialInstaller trials = new TrialInstaller(pipeline.featureSpec(), verifier, loading, current, pipeline.deploy(), events, sink,
                    config.instanceId());
            ModelFollower follower = new ModelFollower(topics.models(), topics.modelHistory(), pipeline.pipelineName(),
                    modelsConsumer, installer, trials, threadName("models"));
            Optional<LabelFollower> labels = Optional.empty();
            if (drift.labelsEnabled()) {
                KafkaConsumer<byte[], byte[]> labelsConsumer = new KafkaConsumer<>(clients.labelsConsumer());
                opened.push(labelsConsumer::close);
                // The label reader runs on its own thread, so it gets its own decoder and extractor.
                labels = Optional.of(new LabelFollower(topics.records(), labelsConsumer, pipeline.inputDecoder(),
                        new FeatureExtractor(pipeline.featureSpec()), monitor::labelled, threadName("labels")));
            }
            ForkJoinPool pool = ScoringPool.create(config.threads(), threadName("scoring"));
            opened.push(pool::shutdown);
            RequestScorer scorer = new RequestScorer(new ScoreRequestParser(pipeline.inputDecoder()),
                    new FeatureExtractor(pipeline.featureSpec()), pipeline.predictionFormat(), pipeline.pipelineName(),
                    topics.predictions(), topics.deadLetters(), Optional.of(topics.shadowPredictions()), clock, monitor,
                    pool);
            // The loop makes its clients on its own thread, once started, and closes them itself.
            ScoringLoop loop = new ScoringLoop(pipeline.pipelineName(), topics.scoreRequests(), current, scorer, config.instanceId(),
                    () -> meters.bind(new KafkaConsumer<>(clients.requestsConsumer())),
                    () -> meters.bind(new KafkaProducer<>(clients.transactionalProducer())),
                    config.shutdownTimeout(), threadName("requests"));
            Optional<ModelRegistry> registry = Optional.empty();
            if (config.http().isPresent() || sharedApi != null) {
                ModelRegistry created = new ModelRegistry(new RegistryClients(config.kafka(), "streamtrain-" + pipeline.pipelineName()
                        + "-scorer-" + config.instanceId() + "-admin"), topics, pipeline.pipelineName(), verifier,
                        NAME + "-" + config.instanceId(), clock, ADMIN_TIMEOUT);
                opened.push(created::close);
                registry = Optional.of(created);
            }
            Optional<RegistryAdmin> admin = registry.map(r -> new RegistryAdmin(r, config.adminToken(), config.adminAllowUnauthenticated()));
            Optional<ModelVersions> versions = registry.map(r -> new ModelVersions(pipeline.featureSpec(), verifier, loading,
                    pipeline.pipelineName(), r::historyRecord));
            admin.filter(RegistryAdmin::writesOpenToAnyone).ifPresent(a -> LOG.warn("The registry writes of pipeline {} on the "
                    + "REST API are open to anyone who reaches the port ({}=true); set {} instead", pipeline.pipelineName(),
                    ScorerConfig.ADMIN_ALLOW_UNAUTHENTICATED_CONFIG, ScorerConfig.ADMIN_TOKEN_CONFIG));
            Optional<ScorerHttpServer> http = Optional.empty();
            if (config.http().isPresent() && sharedApi == null) {
                ScorerHttpServer server = new ScorerHttpServer(config.http().get(), clock);
                opened.push(server::close);
                server.serve(new ServedPipeline(pipeline, current, monitor, this::isHealthy, this::isReady, admin, versions));
                http = Optional.of(server);
            }
            return new Parts(sink, control, follower, loop, labels, monitor, http, admin, registry, versions, kafka, pool);
        } catch (RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /** Runs every close in {@code opened}, newest first; a close that fails is added to {@code failure}. */
    private static void closeAll(Deque<Runnable> opened, Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().run();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private Map<String, Object> attributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("instance", config.instanceId());
        attributes.put("groupId", config.groupId());
        attributes.put("transactionalId", config.transactionalId());
        attributes.put("servingVersion", current.current().map(m -> (Object) m.version()).orElse("none"));
        return attributes;
    }

    private String threadName(String role) {
        return "streamtrain-scorer-" + pipelineName() + "-" + role;
    }

    private String pipelineName() {
        return config.pipeline().pipelineName();
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
