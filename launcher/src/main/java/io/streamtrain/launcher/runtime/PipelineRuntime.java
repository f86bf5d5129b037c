package io.streamtrain.launcher.runtime;

import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.scorer.ScorerService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs some or all services of one pipeline in this JVM: connects to the configured Kafka cluster (or
 * starts the embedded broker), creates the pipeline's topics, then starts the services in pipeline order
 * and stops them in reverse.
 */
public final class PipelineRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);
    private static final String STREAMS_STATE_DIR_KEY = "streams.state.dir";

    private final KafkaEndpoint endpoint;
    private final Map<String, String> configuration;
    private final PipelineConfig pipeline;
    private final Duration timeout;
    private final Path scratchDir;
    private final Map<ServiceKind, PipelineService> running = new EnumMap<>(ServiceKind.class);

    private PipelineRuntime(KafkaEndpoint endpoint, Map<String, String> configuration, Duration timeout, Path scratchDir) {
        this.endpoint = endpoint;
        this.configuration = configuration;
        this.pipeline = new PipelineConfig(configuration);
        this.timeout = timeout;
        this.scratchDir = scratchDir;
    }

    /**
     * Starts {@code services} of the pipeline that {@code configuration} defines.
     *
     * @param embeddedDataDir data directory of the embedded broker, if one is started; null for a temporary one
     * @param timeout         how long each step may take
     */
    public static PipelineRuntime start(Map<String, String> configuration, Set<ServiceKind> services,
                                        Path embeddedDataDir, Duration timeout) {
        new PipelineConfig(configuration);
        KafkaEndpoint endpoint = KafkaEndpoint.open(KafkaClientSettings.from(configuration), embeddedDataDir);
        PipelineRuntime runtime = null;
        try {
            Path scratch = Files.createTempDirectory("streamtrain-run-");
            runtime = new PipelineRuntime(endpoint, effectiveConfiguration(configuration, endpoint, scratch), timeout, scratch);
            runtime.createTopics();
            for (ServiceKind kind : ServiceKind.values()) {
                if (services.contains(kind)) {
                    runtime.start(kind);
                }
            }
            return runtime;
        } catch (IOException e) {
            endpoint.close();
            throw new UncheckedIOException("cannot create a scratch directory", e);
        } catch (RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            } else {
                endpoint.close();
            }
            throw e;
        }
    }

    /** Starts one service; it must not be running. */
    public synchronized void start(ServiceKind kind) {
        if (running.containsKey(kind)) {
            throw new IllegalStateException(kind.cliName() + " is already running");
        }
        PipelineService service = kind.create(pipeline, configuration);
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

    public PipelineConfig pipeline() {
        return pipeline;
    }

    /** Kafka client properties that reach the cluster, including {@code bootstrap.servers}. */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(endpoint.clientSettings().properties());
    }

    /** The port of the running scorer's REST API, if the scorer runs and serves one. */
    public synchronized OptionalInt scorerHttpPort() {
        return running.get(ServiceKind.SCORER) instanceof ScorerService scorer ? scorer.httpPort() : OptionalInt.empty();
    }

    /** The running services with their health, in pipeline order. */
    public synchronized Map<ServiceKind, Boolean> health() {
        Map<ServiceKind, Boolean> health = new EnumMap<>(ServiceKind.class);
        running.forEach((kind, service) -> health.put(kind, service.isHealthy()));
        return health;
    }

    /** True while the broker (if embedded) and every running service are healthy. */
    public synchronized boolean isHealthy() {
        return endpoint.isHealthy() && running.values().stream().allMatch(PipelineService::isHealthy);
    }

    @Override
    public synchronized void close() {
        List<ServiceKind> kinds = running.keySet().stream().sorted(Comparator.reverseOrder()).toList();
        for (ServiceKind kind : kinds) {
            try {
                stop(kind);
            } catch (RuntimeException e) {
                LOG.warn("{} did not stop cleanly: {}", kind.cliName(), e.toString());
            }
        }
        endpoint.close();
        deleteRecursively(scratchDir);
    }

    private void createTopics() {
        try (TopicProvisioner provisioner = TopicProvisioner.connect(
                clientProperties(), TopicProvisioner.AUTO_REPLICATION_FACTOR, timeout)) {
            List<String> created = provisioner.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        }
    }

    /** Adds the cluster's address and, for a throw-away embedded broker, a throw-away Streams state directory. */
    private static Map<String, String> effectiveConfiguration(Map<String, String> configuration, KafkaEndpoint endpoint, Path scratch) {
        Map<String, String> effective = new HashMap<>(configuration);
        endpoint.clientSettings().properties().forEach((key, value) ->
                effective.put(KafkaClientSettings.PREFIX + key, String.valueOf(value)));
        if (endpoint.embeddedBroker().isPresent() && !effective.containsKey(STREAMS_STATE_DIR_KEY)) {
            effective.put(STREAMS_STATE_DIR_KEY, scratch.resolve("streams-state").toString());
        }
        return Map.copyOf(effective);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", directory, e.toString());
        }
    }
}
