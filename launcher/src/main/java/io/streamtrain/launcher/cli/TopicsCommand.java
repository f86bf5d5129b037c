package io.streamtrain.launcher.cli;

import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.topics.PipelineTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Topic administration. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Creates, lists and describes the pipelines' topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class})
public final class TopicsCommand {

    private static final long ANSWER_SECONDS = ClusterCheck.TIMEOUT.toSeconds();

    /** Creates every topic of a pipeline that is missing, with its documented configs, on any cluster. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the missing topics of every pipeline given with their configs on the cluster named by "
                    + "--bootstrap-server or kafka.bootstrap.servers.")
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
                    throw new ConfigException(definition.source() + ": kafka.bootstrap.servers (or --bootstrap-server) must name "
                            + "the cluster to create the topics on");
                }
                ClusterCheck.requireReachable(pipeline.kafka().properties());
                try (TopicProvisioner provisioner = TopicProvisioner.connect(
                        pipeline.kafka().properties(), replicationFactor, Duration.ofMinutes(1))) {
                    List<String> created = provisioner.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
                    System.out.println("pipeline " + pipeline.pipelineName() + ": "
                            + (created.isEmpty() ? "every topic already exists" : "created " + created));
                }
            }
            return ExitCode.OK;
        }
    }

    /** The topics of one pipeline: role, partitions and records. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the topics of a pipeline with their role, partitions and offsets held (end minus start offsets: "
                    + "the records, plus the commit markers of transactional writers), and those that do not exist yet.")
    static final class ListTopics implements Callable<Integer> {

        @Mixin
        PipelineSelection selection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PipelineConfig pipeline = selection.reachablePipeline();
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(pipeline.kafka().properties())) {
                Map<String, String> roles = roles(pipeline.topics());
                Set<String> names = admin.listTopics().names().get(ANSWER_SECONDS, TimeUnit.SECONDS);
                Map<String, TopicDescription> existing = admin.describeTopics(roles.keySet().stream().filter(names::contains).toList())
                        .allTopicNames().get(ANSWER_SECONDS, TimeUnit.SECONDS);
                out.printf("%-40s %-16s %10s %12s%n", "TOPIC", "ROLE", "PARTITIONS", "OFFSETS");
                for (Map.Entry<String, String> topic : roles.entrySet()) {
                    TopicDescription description = existing.get(topic.getKey());
                    if (description == null) {
                        out.printf("%-40s %-16s %10s %12s%n", topic.getKey(), topic.getValue(), "missing", "-");
                    } else {
                        out.printf("%-40s %-16s %10d %12d%n", topic.getKey(), topic.getValue(), description.partitions().size(),
                                records(admin, description));
                    }
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** One topic in detail. */
    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Describes one topic (by default the pipeline's input topic): its partitions with leader, replicas, "
                    + "start and end offsets, and the configs set on it.")
    static final class Describe implements Callable<Integer> {

        @Mixin
        PipelineSelection selection;

        @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC", description = "The topic (default: the pipeline's input topic).")
        String topic;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PipelineConfig pipeline = selection.reachablePipeline();
            String name = topic == null ? pipeline.topics().records() : topic;
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(pipeline.kafka().properties())) {
                TopicDescription description;
                try {
                    description = admin.describeTopics(List.of(name)).allTopicNames().get(ANSWER_SECONDS, TimeUnit.SECONDS).get(name);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new IllegalArgumentException("topic " + name + " does not exist; 'streamtrain topics list' shows the "
                                + "pipeline's topics");
                    }
                    throw e;
                }
                String role = roles(pipeline.topics()).getOrDefault(name, "not one of pipeline " + pipeline.pipelineName() + "'s");
                out.printf("topic %s (%s), %d partitions, %d offsets%n", name, role, description.partitions().size(),
                        records(admin, description));
                Map<TopicPartition, Long> starts = offsets(admin, description, OffsetSpec.earliest());
                Map<TopicPartition, Long> ends = offsets(admin, description, OffsetSpec.latest());
                out.printf("  %-9s %-6s %-12s %-12s %12s %12s%n", "PARTITION", "LEADER", "REPLICAS", "IN-SYNC", "START", "END");
                for (TopicPartitionInfo partition : description.partitions()) {
                    TopicPartition key = new TopicPartition(name, partition.partition());
                    out.printf("  %-9d %-6s %-12s %-12s %12d %12d%n", partition.partition(),
                            partition.leader() == null ? "none" : String.valueOf(partition.leader().id()),
                            partition.replicas().stream().map(node -> String.valueOf(node.id())).toList(),
                            partition.isr().stream().map(node -> String.valueOf(node.id())).toList(), starts.get(key), ends.get(key));
                }
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
                Config config = admin.describeConfigs(List.of(resource)).all().get(ANSWER_SECONDS, TimeUnit.SECONDS).get(resource);
                out.println("  configs set on the topic:");
                config.entries().stream().filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .forEach(entry -> out.printf("    %s=%s%n", entry.name(), entry.value()));
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** Each topic of the pipeline with its role, in the order records flow. */
    static Map<String, String> roles(PipelineTopics topics) {
        Map<String, String> roles = new LinkedHashMap<>();
        topics.names().forEach((role, topic) -> roles.put(topic, role.description()));
        return roles;
    }

    /**
     * Offsets the topic holds now: end minus start offsets over every partition, which counts records and the commit markers
     * of transactional writers (and, for a compacted topic, records compacted away).
     */
    private static long records(Admin admin, TopicDescription description) throws Exception {
        Map<TopicPartition, Long> starts = offsets(admin, description, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(admin, description, OffsetSpec.latest());
        return ends.entrySet().stream().mapToLong(end -> end.getValue() - starts.get(end.getKey())).sum();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, TopicDescription description, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(request).all().get(ANSWER_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
