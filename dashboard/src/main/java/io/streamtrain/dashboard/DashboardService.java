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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of one pipeline: follows the pipeline's topics ({@link PipelineFollower}) and serves pages, a JSON
 * API, a live event stream and Prometheus metrics ({@link DashboardServer}).
 */
public final class DashboardService extends PipelineService {

    /** The service's name in logs. */
    public static final String NAME = "dashboard";

    private static final Logger LOG = LoggerFactory.getLogger(DashboardService.class);
    /** Dead letters the dead-letter page shows in full (with a preview of each value). */
    private static final int DEAD_LETTERS_KEPT = 100;
    /** How long one registry read or write of an action may take. */
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);

    private final PipelineConfig pipeline;
    private final DashboardConfig config;
    private final Clock clock;
    private volatile PipelineFollower follower;
    private volatile DashboardServer server;
    private volatile RegistryActions registry;

    /** @param clock stamps the registry records of the dashboard's actions */
    public DashboardService(DashboardConfig config, Clock clock) {
        super(NAME, config.pipeline().pipelineName());
        this.pipeline = config.pipeline();
        this.config = config;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts following the topics and listening.
     *
     * @return complete: the dashboard runs once it listens
     * @throws IllegalStateException if the port cannot be bound, naming the key to change
     */
    @Override
    protected CompletableFuture<?> open(Duration timeout) {
        Map<String, Object> clients = config.kafka().over(Map.of());
        PipelineActivity activity = new PipelineActivity(pipeline.pipelineName(), config.eventsKept());
        DriftTracker drift = new DriftTracker(pipeline.pipelineName(), activity::versions);
        activity.addListener(drift);
        DeadLetterLog deadLetters = new DeadLetterLog(DEAD_LETTERS_KEPT, Duration.ofHours(1));
        ModelVerifier verifier = new TrustConfig(config.originals()).verifier();
        follower = new PipelineFollower(clients, pipeline.topics(), activity, deadLetters, config.refreshInterval(), verifier);
        follower.start();
        registry = new RegistryActions(RegistryWrites.of(new ModelRegistry(new RegistryClients(config.kafka(),
                "streamtrain-dashboard-" + pipeline.pipelineName() + "-admin"), pipeline.topics(), pipeline.pipelineName(),
                verifier, NAME, clock, REGISTRY_TIMEOUT)), config.adminToken());
        server = new DashboardServer(activity, drift, deadLetters, registry, config);
        server.start();
        LOG.info("Dashboard of pipeline {} at http://{}:{}/", pipeline.pipelineName(),
                config.host().isEmpty() ? "localhost" : config.host(), server.port());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    protected String notRunningYet() {
        return "it did not listen";
    }

    /** The port the dashboard listens on while it runs. */
    public OptionalInt port() {
        DashboardServer listening = server;
        return listening != null && isOpen() ? OptionalInt.of(listening.port()) : OptionalInt.empty();
    }

    @Override
    public boolean isHealthy() {
        PipelineFollower following = follower;
        return isOpen() && following != null && following.isRunning();
    }

    @Override
    protected void release() {
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
