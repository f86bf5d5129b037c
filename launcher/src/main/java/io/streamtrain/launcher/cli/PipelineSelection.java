package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * Options of the client commands (produce, score, backfill): which pipeline, on which cluster. An optional
 * configuration file and {@code STREAMTRAIN_*} variables, with {@code --pipeline} and {@code --bootstrap-servers} on top.
 */
public final class PipelineSelection {

    @Option(names = {"-p", "--pipeline"}, paramLabel = "NAME", description = "The pipeline; overrides pipeline.name of the configuration.")
    String pipelineName;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with the pipeline and kafka.* keys (default: none; STREAMTRAIN_* environment variables "
                    + "and the options here suffice when the pipeline uses the defaults).")
    Path configFile;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka cluster; overrides kafka.bootstrap.servers.")
    String bootstrapServers;

    /**
     * The pipeline's definition.
     *
     * @throws ConfigException without a pipeline name or a cluster, naming what to set
     */
    PipelineConfig pipeline() {
        Map<String, String> configuration = configuration();
        PipelineConfig pipeline = new PipelineConfig(configuration);
        if (pipeline.kafka().bootstrapServers().isEmpty()) {
            throw new ConfigException("kafka.bootstrap.servers", null,
                    "must name the cluster (--bootstrap-servers, the configuration file or STREAMTRAIN_KAFKA_BOOTSTRAP_SERVERS)");
        }
        return pipeline;
    }

    /** Every key: file, environment, then these options. */
    Map<String, String> configuration() {
        Map<String, String> configuration = new HashMap<>(ConfigSources.load(configFile, System.getenv()));
        if (pipelineName != null) {
            configuration.put(PipelineConfig.PIPELINE_NAME_CONFIG, pipelineName);
        }
        if (bootstrapServers != null) {
            configuration.put("kafka.bootstrap.servers", bootstrapServers);
        }
        if (!configuration.containsKey(PipelineConfig.PIPELINE_NAME_CONFIG)) {
            throw new ConfigException(PipelineConfig.PIPELINE_NAME_CONFIG, null, "name the pipeline with --pipeline or in the configuration");
        }
        return configuration;
    }
}
