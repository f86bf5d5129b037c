package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.launcher.deadletter.DeadLetterGroups;
import io.streamtrain.launcher.runtime.ObserverConsumer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows why records were dead-lettered, read from the dead-letter topic's headers. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Shows the pipeline's dead letters (<pipeline>.dlq) grouped by reason, and within a reason by detail "
                + "(what was wrong), each with its count and sample records: where they came from (topic-partition@offset, "
                + "service) and their original value.",
                "Reads the topic from its start (or from --since ago) to its end when the command starts; consumes nothing "
                        + "for the pipeline: no consumer group is used."})
public final class DlqCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Mixin
    PipelineSelection selection;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Only dead letters written this long ago or later, for example 1h (default: every one still in the topic).")
    Duration since;

    @Option(names = "--samples", defaultValue = "2", paramLabel = "N",
            description = "Sample records shown per detail (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--timeout", defaultValue = "1m", paramLabel = "DURATION",
            description = "Longest time to read the topic (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be 0 or more, not " + samples);
        }
        PipelineConfig pipeline = selection.reachablePipeline();
        String topic = pipeline.topics().deadLetters();
        DeadLetterGroups groups = new DeadLetterGroups(samples);
        Instant from = since == null ? null : Instant.now().minus(since);
        boolean complete = read(pipeline, topic, from, groups);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %,d dead letters%s%s%n", topic, groups.total(), from == null ? "" : " since " + from,
                complete ? "" : " (stopped after " + timeout.toSeconds() + " s, before the end)");
        groups.print(out);
        out.flush();
        return complete ? ExitCode.OK : ExitCode.PARTIAL_FAILURE;
    }

    /** Reads the topic into {@code groups} up to its end offsets now; false if the timeout came first. */
    private boolean read(PipelineConfig pipeline, String topic, Instant from, DeadLetterGroups groups) {
        // Only committed dead letters count: the streams-app writes them in transactions, and an aborted one is redone.
        Map<String, Object> properties = ObserverConsumer.settings(pipeline.kafka().properties());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, ClusterCheck.TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist; is the pipeline's name right?");
            }
            consumer.assign(partitions);
            seekToStart(consumer, partitions, from);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, ClusterCheck.TIMEOUT);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(POLL)) {
                    if (letter.offset() < ends.get(new TopicPartition(letter.topic(), letter.partition()))) {
                        groups.add(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON),
                                DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.DETAIL), source(letter), letter.value());
                    }
                }
            }
            return true;
        }
    }

    private static void seekToStart(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant from) {
        if (from == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, ClusterCheck.TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, ClusterCheck.TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = found.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }

    private static String source(ConsumerRecord<byte[], byte[]> letter) {
        String service = DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SERVICE);
        return DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC) + "-"
                + DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION) + "@"
                + DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)
                + (service == null ? "" : " (" + service + ")");
    }
}
