package io.streamtrain.launcher.runtime;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.api.HttpSettings;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.trainer.TrainerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * What pipelines running side by side in one process must agree on, checked before anything starts: one Kafka
 * cluster, one scorer REST API, and service ids (groups, transactional ids) that differ between pipelines.
 * Each failure is a {@link ConfigException} naming the key, the value, both pipeline files and what to change.
 */
final class DeploymentChecks {

    /** Keys whose explicit values must differ between pipelines; their defaults derive from the pipeline name and do. */
    private static final List<String> SERVICE_ID_KEYS = List.of(StreamsAppConfig.APPLICATION_ID_CONFIG, TrainerConfig.GROUP_ID_CONFIG,
            TrainerConfig.TRANSACTIONAL_ID_CONFIG, ScorerConfig.GROUP_ID_CONFIG, ScorerConfig.TRANSACTIONAL_ID_PREFIX_CONFIG);
    private static final String BOOTSTRAP_SERVERS_KEY = KafkaClientSettings.PREFIX + "bootstrap.servers";

    private DeploymentChecks() {
    }

    /** The cluster every pipeline talks to: the first pipeline's Kafka settings, once every pipeline names the same cluster. */
    static KafkaClientSettings cluster(DeploymentDefinition definition) {
        PipelineDefinition first = definition.pipelines().getFirst();
        Optional<String> servers = first.kafka().bootstrapServers();
        for (PipelineDefinition other : definition.pipelines()) {
            Optional<String> otherServers = other.kafka().bootstrapServers();
            if (!otherServers.equals(servers)) {
                throw new ConfigException(other.source() + ": " + new ConfigException(BOOTSTRAP_SERVERS_KEY, otherServers.orElse("(unset)"),
                        "differs from " + servers.orElse("(unset)") + " in " + first.source()
                                + "; the pipelines of one run share one Kafka cluster, so set the same value (or none) in every file").getMessage());
            }
        }
        return first.kafka();
    }

    /**
     * The settings of the one REST API that serves every pipeline, or empty when {@value ScorerConfig#HTTP_PORT_CONFIG}
     * is -1; every pipeline must give the same {@code scorer.http.*} settings. Validates each pipeline's scorer keys.
     */
    static Optional<HttpSettings> restApiSettings(DeploymentDefinition definition) {
        PipelineDefinition first = definition.pipelines().getFirst();
        Optional<HttpSettings> settings = scorerConfig(first).http();
        for (PipelineDefinition other : definition.pipelines()) {
            Optional<HttpSettings> otherSettings = scorerConfig(other).http();
            if (!otherSettings.equals(settings)) {
                throw new ConfigException(other.source() + ": the scorer.http.* keys (" + describe(otherSettings) + ") differ from those of "
                        + first.source() + " (" + describe(settings) + "); one REST API serves every pipeline of a run, so give "
                        + ScorerConfig.HTTP_PORT_CONFIG + ", " + ScorerConfig.HTTP_HOST_CONFIG + ", " + ScorerConfig.HTTP_MAX_BODY_BYTES_CONFIG
                        + ", " + ScorerConfig.HTTP_MAX_BATCH_RECORDS_CONFIG + ", " + ScorerConfig.HTTP_IDLE_TIMEOUT_MS_CONFIG + ", "
                        + ScorerConfig.HTTP_BODY_TIMEOUT_MS_CONFIG + ", " + ScorerConfig.HTTP_MAX_CONNECTIONS_CONFIG + " and "
                        + ScorerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG + " the same values in every file");
            }
        }
        return settings;
    }

    /** Two pipelines with the same consumer group or transactional id would steal each other's work or fence each other. */
    static void requireDistinctServiceIds(DeploymentDefinition definition) {
        for (String key : SERVICE_ID_KEYS) {
            Map<String, PipelineDefinition> ownerByValue = new HashMap<>();
            for (PipelineDefinition pipeline : definition.pipelines()) {
                String value = pipeline.configuration().get(key);
                if (value == null || value.isBlank()) {
                    continue;
                }
                PipelineDefinition owner = ownerByValue.putIfAbsent(value.trim(), pipeline);
                if (owner != null) {
                    throw new ConfigException(pipeline.source() + ": " + new ConfigException(key, value, "is also set in " + owner.source()
                            + " (pipeline " + owner.name() + "); pipelines of one run need their own ids, so change it or leave it unset "
                            + "for the default derived from pipeline.name").getMessage());
                }
            }
        }
    }

    private static ScorerConfig scorerConfig(PipelineDefinition pipeline) {
        try {
            return new ScorerConfig(pipeline);
        } catch (ConfigException e) {
            throw new ConfigException(pipeline.source() + ": " + e.getMessage());
        }
    }

    private static String describe(Optional<HttpSettings> settings) {
        return settings.map(s -> "port " + s.port() + (s.host().isEmpty() ? "" : ", host " + s.host()) + ", max body " + s.maxBodyBytes()
                + " bytes, max batch " + s.maxBatchRecords() + " records, stop timeout " + s.stopTimeout() + ", idle timeout "
                + s.clients().idleTimeout() + ", body timeout " + s.clients().bodyTimeout() + ", max connections " + s.clients().maxConnections())
                .orElse(ScorerConfig.HTTP_PORT_CONFIG + " -1, no REST API");
    }
}
