package io.streamtrain.dashboard;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.dashboard.data.DeadLetterLog;
import io.streamtrain.dashboard.data.DriftTracker;
import io.streamtrain.dashboard.data.PipelineActivity;
import io.streamtrain.dashboard.data.PipelineFollower;
import io.streamtrain.dashboard.registry.RegistryActions;
import io.streamtrain.dashboard.registry.RegistryWrites;
import io.streamtrain.dashboard.web.DashboardServer;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of one pipeline: follows the pipeline's topics ({@link PipelineFollower}) and serves pages, a JSON
 * API, a live event stream and Prometheus metrics ({@link DashboardServer}).
 */
public final class DashboardService implements PipelineService {

    /** The service's name in logs. */
    public static final String NAME = "dashboard";

    private static final Logger LOG = LoggerFactory.getLogger(DashboardService.class);
    /** Dead letters the dead-letter page shows in full (with a preview of each value). */
    private static final int DEAD_LETTERS_KEPT = 100;
    /** How long one registry read or write of an action may take. */
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);

    private final PipelineConfig pipeline;
    private final DashboardConfig config;
    private PipelineFollower follower;
    private DashboardServer server;
    private RegistryActions registry;
    private boolean closed;

    public DashboardService(PipelineConfig pipeline, DashboardConfig config) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Starts following the topics and listening.
     *
     * @throws IllegalStateException if the port cannot be bound, naming the key to change
     */
    @Override
    public synchronized void start(Duration timeout) {
        if (closed || follower != null) {
            throw new IllegalStateException("the dashboard can be started once; it is " + (closed ? "closed" : "started"));
        }
        Map<String, Object> clients = pipeline.kafka().over(Map.of());
        PipelineActivity activity = new PipelineActivity(pipeline.pipelineName(), config.eventsKept());
        DriftTracker drift = new DriftTracker(pipeline.pipelineName(), activity::versions);
        activity.addListener(drift);
        DeadLetterLog deadLetters = new DeadLetterLog(DEAD_LETTERS_KEPT, Duration.ofHours(1));
        ModelVerifier verifier = new TrustConfig(pipeline.originals()).verifier();
        follower = new PipelineFollower(clients, pipeline.topics(), activity, deadLetters, config.refreshInterval(), verifier);
        follower.start();
        registry = new RegistryActions(RegistryWrites.of(new ModelRegistry(new RegistryClients(pipeline.kafka(),
                "streamtrain-dashboard-" + pipeline.pipelineName() + "-admin"), pipeline.topics(), pipeline.pipelineName(),
                verifier, NAME, Clock.systemUTC(), REGISTRY_TIMEOUT)), config.adminToken());
        server = new DashboardServer(activity, drift, deadLetters, registry, config);
        try {
            server.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Dashboard of pipeline {} at http://{}:{}/", pipeline.pipelineName(),
                config.host().isEmpty() ? "localhost" : config.host(), server.port());
    }

    /** The port the dashboard listens on while it runs. */
    public synchronized OptionalInt port() {
        return server != null && !closed ? OptionalInt.of(server.port()) : OptionalInt.empty();
    }

    @Override
    public synchronized boolean isHealthy() {
        return !closed && follower != null && follower.isRunning();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        if (follower != null) {
            follower.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
