package io.streamtrain.launcher.score;

import io.streamtrain.launcher.runtime.ObserverConsumer;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicJudge;
import io.streamtrain.registry.ModelsTopicJudge.Verdict;
import io.streamtrain.registry.ServingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current model of a pipeline: the version a scorer would serve from its compacted models topic, by the one
 * {@link ServingPolicy} (a promoted version, never an older one without an operator's rollback record, and never a
 * record whose signature does not verify). As in the scorer, the signature is checked before anything decodes the
 * bytes, and a refused record leaves the previous envelope current (the refusal is logged).
 */
public final class ChampionReader {

    private static final Logger LOG = LoggerFactory.getLogger(ChampionReader.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ChampionReader() {
    }

    /** The champion of {@code pipeline}, or empty if its models topic holds no envelope the serving policy allows. */
    public static Optional<ModelEnvelope> read(Map<String, Object> clientProperties, String pipeline, String modelsTopic,
                                               ModelVerifier verifier) {
        Map<String, Object> properties = ObserverConsumer.settings(clientProperties);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        ModelsTopicJudge judge = new ModelsTopicJudge(pipeline, verifier);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(modelsTopic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(modelsTopic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + modelsTopic + " does not exist; is the pipeline's name right?");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            ModelEnvelope latest = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read " + modelsTopic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest = take(judge, record).orElse(latest);
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /** The envelope of {@code record} when it becomes current. */
    private static Optional<ModelEnvelope> take(ModelsTopicJudge judge, ConsumerRecord<String, byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        switch (judge.judge(record.key(), record.value(), record.headers(), record.offset())) {
            case Verdict.Serve serve -> {
                judge.served(serve);
                return Optional.of(serve.envelope());
            }
            case Verdict.Refuse(OptionalLong version, String reason) -> LOG.warn("Skipping the model {}at {}: {}",
                    version.isPresent() ? "version " + version.getAsLong() + " " : "", origin, reason);
            case Verdict.Authorised authorised -> {
                // The rollback's version becomes current when it follows.
            }
            case Verdict.Skip(Optional<String> problem) -> problem.ifPresent(p -> LOG.warn("Ignoring {} at {}", p, origin));
        }
        return Optional.empty();
    }
}
