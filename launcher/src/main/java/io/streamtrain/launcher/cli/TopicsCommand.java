package io.streamtrain.launcher.cli;

import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Topic administration. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manages the pipelines' topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand {

    /** Creates every topic of a pipeline that is missing, with its documented configs, on any cluster. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the missing topics of every pipeline given with their configs on the cluster named by kafka.bootstrap.servers.")
    static final class Create implements Callable<Integer> {

        @Mixin
        ConfigurationOptions options;

        @Option(names = "--replication-factor", defaultValue = "0",
                description = "Replication factor of new topics; 0 picks min(3, number of brokers) (default: ${DEFAULT-VALUE}).")
        int replicationFactor;

        @Override
        public Integer call() {
            for (PipelineDefinition definition : options.deployment().pipelines()) {
                PipelineConfig pipeline = definition.pipeline();
                if (pipeline.kafka().bootstrapServers().isEmpty()) {
                    throw new ConfigException(definition.source() + ": kafka.bootstrap.servers must name the cluster to create the topics on");
                }
                try (TopicProvisioner provisioner = TopicProvisioner.connect(
                        pipeline.kafka().properties(), replicationFactor, Duration.ofMinutes(1))) {
                    List<String> created = provisioner.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
                    System.out.println("pipeline " + pipeline.pipelineName() + ": "
                            + (created.isEmpty() ? "every topic already exists" : "created " + created));
                }
            }
            return 0;
        }
    }
}
