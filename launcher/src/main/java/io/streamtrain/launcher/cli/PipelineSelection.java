package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.launcher.home.DevelopmentKeys;
import io.streamtrain.launcher.home.LocalBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * Options of the client commands (produce, score, backfill, dlq, models, topics list/describe): which pipeline, on which
 * cluster. An optional configuration file (or folder of them) and {@code STREAMTRAIN_*} variables, with {@code --pipeline}
 * and {@code --bootstrap-server} on top; without any cluster, the embedded broker a local run announced ({@link LocalBroker}).
 * For a cluster on this machine without a configured verify key, the
 * {@link DevelopmentKeys development public key} is added.
 */
public final class PipelineSelection {

    static final String BOOTSTRAP_SERVERS_CONFIG = "kafka.bootstrap.servers";

    @Option(names = {"-p", "--pipeline"}, paramLabel = "NAME",
            description = "The pipeline; overrides pipeline.name of the configuration, or chooses one of a folder's files.")
    String pipelineName;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE|DIR",
            description = "Properties file with the pipeline and kafka.* keys, or a folder of them (choose with --pipeline) "
                    + "(default: none; STREAMTRAIN_* environment variables and the options here suffice when the pipeline uses the defaults).")
    Path configPath;

    @Option(names = {"-b", "--bootstrap-server", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster; overrides kafka.bootstrap.servers (default: the configuration's, else the embedded "
                    + "broker of a 'run' or 'demo' on this machine).")
    String bootstrapServers;

    /**
     * The pipeline's definition; the cluster is not contacted.
     *
     * @throws ConfigException without a pipeline name or a cluster, naming what to set
     */
    PipelineConfig pipeline() {
        PipelineConfig pipeline = new PipelineConfig(configuration());
        if (pipeline.kafka().bootstrapServers().isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS_CONFIG, null,
                    "must name the cluster (--bootstrap-server, the configuration file or STREAMTRAIN_KAFKA_BOOTSTRAP_SERVERS), "
                            + "unless 'streamtrain run' or 'demo' runs the embedded broker on this machine");
        }
        return pipeline;
    }

    /**
     * The pipeline's definition, once its cluster has answered.
     *
     * @throws ClusterUnreachableException naming the address when the cluster does not answer within {@link ClusterCheck#TIMEOUT}
     */
    PipelineConfig reachablePipeline() {
        PipelineConfig pipeline = pipeline();
        ClusterCheck.requireReachable(pipeline.kafka().properties());
        return pipeline;
    }

    /** Every key: file, environment, then these options, then the development verify key where it applies. */
    Map<String, String> configuration() {
        Map<String, String> environment = System.getenv();
        Map<String, String> configuration = new HashMap<>(load(environment));
        if (pipelineName != null) {
            configuration.put(PipelineConfig.PIPELINE_NAME_CONFIG, pipelineName);
        }
        if (bootstrapServers != null) {
            configuration.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        } else if (configuration.getOrDefault(BOOTSTRAP_SERVERS_CONFIG, "").isBlank()) {
            LocalBroker.inDefaultFolder().address().ifPresent(address -> configuration.put(BOOTSTRAP_SERVERS_CONFIG, address));
        }
        if (!configuration.containsKey(PipelineConfig.PIPELINE_NAME_CONFIG)) {
            throw new ConfigException(PipelineConfig.PIPELINE_NAME_CONFIG, null, "name the pipeline with --pipeline or in the configuration");
        }
        return DevelopmentKeys.inDefaultFolder().withVerifyKey(configuration, environment);
    }

    /** The file's keys, or those of the folder's file that defines the chosen pipeline. */
    private Map<String, String> load(Map<String, String> environment) {
        if (configPath == null) {
            return ConfigSources.load(null, environment);
        }
        List<Path> files = ConfigurationOptions.files(List.of(configPath));
        if (files.size() == 1) {
            return ConfigSources.load(files.getFirst(), environment);
        }
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            Map<String, String> candidate = ConfigSources.load(file, environment);
            String name = candidate.get(PipelineConfig.PIPELINE_NAME_CONFIG);
            if (name != null && name.equals(pipelineName)) {
                return candidate;
            }
            names.add(name);
        }
        throw new IllegalArgumentException(pipelineName == null
                ? "--config " + configPath + " defines the pipelines " + names + "; choose one with --pipeline"
                : "--pipeline " + pipelineName + " is not one of " + names + " defined in " + configPath);
    }
}
