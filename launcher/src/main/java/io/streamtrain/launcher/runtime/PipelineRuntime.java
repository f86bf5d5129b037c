package io.streamtrain.launcher.runtime;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.dashboard.DashboardService;
import io.streamtrain.scorer.api.ScorerHttpServer;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one pipeline of a {@link Deployment}: started in pipeline order, stopped in reverse. The
 * deployment owns the Kafka connection and the scorer's REST API; this class owns the services.
 */
public final class PipelineRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);

    private final PipelineDefinition definition;
    private final PipelineConfig pipeline;
    private final Duration timeout;
    private final Optional<ScorerHttpServer> restApi;
    private final Map<ServiceKind, PipelineService> running = new EnumMap<>(ServiceKind.class);

    /**
     * @param definition the pipeline's definition, including the cluster's {@code kafka.*} keys; every service reads its
     *                   keys from it
     * @param restApi    the deployment's REST API the scorer registers with; empty when there is none
     */
    PipelineRuntime(PipelineDefinition definition, Duration timeout, Optional<ScorerHttpServer> restApi) {
        this.definition = definition;
        this.pipeline = definition.pipeline();
        this.timeout = timeout;
        this.restApi = restApi;
    }

    /** Starts one service; it must not be running. */
    public synchronized void start(ServiceKind kind) {
        if (running.containsKey(kind)) {
            throw new IllegalStateException(kind.cliName() + " of pipeline " + pipeline.pipelineName() + " is already running");
        }
        PipelineService service = kind.create(definition, restApi);
        try {
            service.start(timeout);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        running.put(kind, service);
        LOG.info("{} of pipeline {} started", kind.cliName(), pipeline.pipelineName());
    }

    /** Stops one service gracefully, if it runs. */
    public synchronized void stop(ServiceKind kind) {
        PipelineService service = running.remove(kind);
        if (service != null) {
            service.close();
            LOG.info("{} of pipeline {} stopped", kind.cliName(), pipeline.pipelineName());
        }
    }

    /**
     * The parsed pipeline keys. Its own {@code kafka()} and {@code originals()} are those of the pipeline's file; the
     * cluster's address and the keys the deployment added are in {@link #definition()}.
     */
    public PipelineConfig pipeline() {
        return pipeline;
    }

    /** The definition every service of the pipeline reads its keys from, with the keys the deployment added. */
    public PipelineDefinition definition() {
        return definition;
    }

    /** The port of the running dashboard, if the dashboard runs. */
    public synchronized OptionalInt dashboardPort() {
        return running.get(ServiceKind.DASHBOARD) instanceof DashboardService dashboard ? dashboard.port() : OptionalInt.empty();
    }

    /** The running services with their health, in pipeline order. */
    public synchronized Map<ServiceKind, Boolean> health() {
        Map<ServiceKind, Boolean> health = new EnumMap<>(ServiceKind.class);
        running.forEach((kind, service) -> health.put(kind, service.isHealthy()));
        return health;
    }

    /** The running services with their readiness ({@link PipelineService#isReady()}), in pipeline order. */
    public synchronized Map<ServiceKind, Boolean> readiness() {
        Map<ServiceKind, Boolean> readiness = new EnumMap<>(ServiceKind.class);
        running.forEach((kind, service) -> readiness.put(kind, service.isReady()));
        return readiness;
    }

    /** True while every running service is healthy. */
    public synchronized boolean isHealthy() {
        return running.values().stream().allMatch(PipelineService::isHealthy);
    }

    /** Stops every running service, in reverse pipeline order. */
    synchronized void stopAll() {
        List<ServiceKind> kinds = running.keySet().stream().sorted(Comparator.reverseOrder()).toList();
        for (ServiceKind kind : kinds) {
            try {
                stop(kind);
            } catch (RuntimeException e) {
                LOG.warn("{} of pipeline {} did not stop cleanly: {}", kind.cliName(), pipeline.pipelineName(), e.toString());
            }
        }
    }
}
