package io.streamtrain.launcher.runtime;

import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.home.DevelopmentKeys;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.scorer.api.ScorerHttpServer;
import io.streamtrain.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs some or all services of every pipeline of a deployment in this JVM: connects to the configured Kafka
 * cluster (or starts the embedded broker), creates each pipeline's topics, serves one scorer REST API for every
 * pipeline, then starts each pipeline's services in pipeline order; {@link #close()} stops them in reverse.
 * Pipelines share nothing but the cluster and the REST port: each has its own topics, groups and services.
 */
public final class Deployment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

    private final KafkaEndpoint endpoint;
    private final Path scratchDir;
    private final Duration timeout;
    private final Optional<ScorerHttpServer> restApi;
    private final Map<String, PipelineRuntime> pipelines = new LinkedHashMap<>();

    private Deployment(KafkaEndpoint endpoint, Path scratchDir, Duration timeout, Optional<ScorerHttpServer> restApi) {
        this.endpoint = endpoint;
        this.scratchDir = scratchDir;
        this.timeout = timeout;
        this.restApi = restApi;
    }

    /**
     * Starts {@code services} of every pipeline of {@code definition}.
     *
     * @param embeddedDataDir data directory of the embedded broker, if one is started; null for a temporary one
     * @param timeout         how long each step may take
     * @throws org.apache.kafka.common.config.ConfigException before anything starts, when the pipelines cannot run
     *                                                        side by side (see {@link DeploymentChecks})
     */
    public static Deployment start(DeploymentDefinition definition, Set<ServiceKind> services, Path embeddedDataDir, Duration timeout) {
        Optional<ScorerHttpServer> restApi = services.contains(ServiceKind.SCORER)
                ? DeploymentChecks.restApiSettings(definition).map(settings -> new ScorerHttpServer(settings, Clock.systemUTC()))
                : Optional.empty();
        DeploymentChecks.requireDistinctServiceIds(definition);
        KafkaClientSettings cluster = DeploymentChecks.cluster(definition);
        KafkaEndpoint endpoint = KafkaEndpoint.open(cluster, embeddedDataDir);
        Deployment deployment = null;
        try {
            deployment = new Deployment(endpoint, Files.createTempDirectory("streamtrain-run-"), timeout, restApi);
            deployment.createTopics(definition);
            restApi.ifPresent(ScorerHttpServer::start);
            Map<String, String> runKeys = services.containsAll(Set.of(ServiceKind.TRAINER, ServiceKind.SCORER))
                    ? TrustConfig.inline(Ed25519Keys.generate()) : Map.of();
            for (PipelineDefinition pipeline : definition.pipelines()) {
                deployment.pipelines.put(pipeline.name(), new PipelineRuntime(deployment.effective(pipeline, runKeys), timeout, restApi));
            }
            for (PipelineRuntime pipeline : deployment.pipelines.values()) {
                for (ServiceKind kind : ServiceKind.values()) {
                    if (services.contains(kind) && kind.runsFor(pipeline.pipeline())) {
                        pipeline.start(kind);
                    } else if (services.contains(kind)) {
                        LOG.info("Pipeline {} runs no {}: {}={}", pipeline.pipeline().pipelineName(), kind.cliName(),
                                PipelineConfig.PIPELINE_MODE_CONFIG, pipeline.pipeline().mode().key());
                    }
                }
            }
            return deployment;
        } catch (IOException e) {
            endpoint.close();
            throw new UncheckedIOException("cannot create a scratch directory", e);
        } catch (RuntimeException e) {
            if (deployment != null) {
                deployment.close();
            } else {
                endpoint.close();
            }
            throw e;
        }
    }

    /**
     * How a run names each service in health reports: the service's name with one pipeline
     * ({@code trainer}), {@code <pipeline>/<service>} with several ({@code housing/trainer}).
     */
    public static String serviceName(List<String> pipelines, String pipeline, ServiceKind kind) {
        return pipelines.size() == 1 ? kind.cliName() : pipeline + "/" + kind.cliName();
    }

    /** The pipelines, in the order they were defined. */
    public List<PipelineRuntime> pipelines() {
        return List.copyOf(pipelines.values());
    }

    /** The pipeline named {@code name}. */
    public PipelineRuntime pipeline(String name) {
        PipelineRuntime pipeline = pipelines.get(name);
        if (pipeline == null) {
            throw new IllegalArgumentException("no pipeline " + name + " in this deployment; it runs " + pipelines.keySet());
        }
        return pipeline;
    }

    /** Kafka client properties that reach the cluster, including {@code bootstrap.servers}. */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(endpoint.clientSettings().properties());
    }

    /** The port of the scorer REST API that serves every pipeline, if the scorers run and serve one. */
    public OptionalInt scorerHttpPort() {
        return restApi.map(api -> OptionalInt.of(api.port())).orElse(OptionalInt.empty());
    }

    /** Every running service with its health, named as {@link #serviceName} does, pipeline by pipeline. */
    public Map<String, Boolean> health() {
        List<String> names = List.copyOf(pipelines.keySet());
        Map<String, Boolean> health = new LinkedHashMap<>();
        pipelines.forEach((name, pipeline) -> pipeline.health().forEach((kind, healthy) ->
                health.put(serviceName(names, name, kind), healthy)));
        return health;
    }

    /**
     * Every running service with its readiness (healthy, and Kafka reached within {@code health.kafka.unreachable.ms}),
     * named as {@link #serviceName} does, pipeline by pipeline.
     */
    public Map<String, Boolean> readiness() {
        List<String> names = List.copyOf(pipelines.keySet());
        Map<String, Boolean> readiness = new LinkedHashMap<>();
        pipelines.forEach((name, pipeline) -> pipeline.readiness().forEach((kind, ready) ->
                readiness.put(serviceName(names, name, kind), ready)));
        return readiness;
    }

    /** True while the broker (if embedded) and every running service of every pipeline are healthy. */
    public boolean isHealthy() {
        return endpoint.isHealthy() && pipelines.values().stream().allMatch(PipelineRuntime::isHealthy);
    }

    /** Stops the REST API (requests in flight finish), then every pipeline's services, then the embedded broker. */
    @Override
    public void close() {
        restApi.ifPresent(ScorerHttpServer::close);
        List<PipelineRuntime> reversed = new ArrayList<>(pipelines.values());
        Collections.reverse(reversed);
        reversed.forEach(PipelineRuntime::stopAll);
        endpoint.close();
        deleteRecursively(scratchDir);
    }

    private void createTopics(DeploymentDefinition definition) {
        try (TopicProvisioner provisioner = TopicProvisioner.connect(
                clientProperties(), TopicProvisioner.AUTO_REPLICATION_FACTOR, timeout)) {
            for (PipelineDefinition pipeline : definition.pipelines()) {
                List<String> created = provisioner.ensureTopics(pipeline.pipeline().topics().specs(pipeline.pipeline().inputPartitions()));
                if (!created.isEmpty()) {
                    LOG.info("created topics {} of pipeline {}", created, pipeline.name());
                }
            }
        }
    }

    /**
     * The definition with the cluster's address, for a throw-away embedded broker a throw-away Streams state directory, and,
     * if no signing key is configured, the development key pair on the embedded broker or else {@code runKeys} (a key pair
     * of this run, when it runs both trainer and scorer). None of them is a pipeline key, so the definition is not parsed
     * again.
     */
    private PipelineDefinition effective(PipelineDefinition definition, Map<String, String> runKeys) {
        Map<String, String> configuration = definition.configuration();
        Map<String, String> added = new HashMap<>();
        if (endpoint.embeddedBroker().isPresent() && !new TrustConfig(configuration).keysConfigured()) {
            // Models on a broker of this machine are signed with a pair that outlives the run, so score and models find it.
            DevelopmentKeys keys = DevelopmentKeys.inDefaultFolder();
            added.putAll(keys.signingSettings());
            LOG.info("No model signing key is configured for pipeline {}: its models are signed with the development key pair "
                    + "in {}, which 'streamtrain score' and 'streamtrain models' use for a broker on this machine", definition.name(),
                    keys.folder());
        } else if (!runKeys.isEmpty() && !new TrustConfig(configuration).keysConfigured()) {
            // Signer and verifier live in this process, so a pair that lives as long as it is enough to start.
            LOG.warn("No model signing key is configured for pipeline {}: this run signs and verifies its models with a key "
                    + "pair of its own, so scorers of later runs refuse them. Create a lasting pair with 'streamtrain keys "
                    + "generate'.", definition.name());
            added.putAll(runKeys);
        }
        endpoint.clientSettings().bootstrapServers().ifPresent(servers ->
                added.put(KafkaClientSettings.PREFIX + "bootstrap.servers", servers));
        if (endpoint.embeddedBroker().isPresent() && !configuration.containsKey(StreamsAppConfig.STATE_DIR_CONFIG)) {
            added.put(StreamsAppConfig.STATE_DIR_CONFIG, scratchDir.resolve("streams-state").toString());
        }
        return definition.with(added);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", directory, e.toString());
        }
    }
}
