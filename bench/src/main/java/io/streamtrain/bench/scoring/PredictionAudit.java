package io.streamtrain.bench.scoring;

import io.streamtrain.bench.kafka.TopicOffsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.messages.Prediction;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.core.predictions.PredictionFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads back what a scorer run wrote, after the clock stopped: every committed prediction, so the benchmark can
 * check that each customer was answered exactly once and by the model it published.
 *
 * @param predictions  committed predictions read
 * @param distinct     distinct (request id, record id) pairs among them
 * @param versions     model versions named by the predictions
 * @param deadLetters  log-end offsets of the dead-letter topic, summed (0 when nothing was dead-lettered)
 */
record PredictionAudit(long predictions, long distinct, Set<Long> versions, long deadLetters) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<Prediction> AVRO = AvroMessageCodec.of(Prediction.class);
    private static final Duration QUIET = Duration.ofSeconds(5);

    PredictionAudit {
        versions = Set.copyOf(versions);
    }

    /** Reads the predictions of {@code pipeline}, expecting {@code expected} of them. */
    static PredictionAudit read(BenchPipeline pipeline, Admin admin, long expected) {
        String topic = pipeline.pipeline().topics().predictions();
        PredictionFormat format = pipeline.pipeline().predictionFormat();
        Set<String> answered = new HashSet<>();
        Set<Long> versions = new TreeSet<>();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.pipeline().kafka().bootstrapServers().orElseThrow(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TopicOffsets.partitions(admin, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastProgress = System.nanoTime();
            while (read < expected && System.nanoTime() - lastProgress < QUIET.toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Answer answer = Answer.of(format, record.value());
                    answered.add(answer.requestId() + "/" + answer.recordId());
                    versions.add(answer.modelVersion());
                    read++;
                    lastProgress = System.nanoTime();
                }
            }
        }
        long deadLetters = TopicOffsets.sum(TopicOffsets.endOffsets(admin, pipeline.pipeline().topics().deadLetters()));
        return new PredictionAudit(read, answered.size(), versions, deadLetters);
    }

    /** Whether every one of {@code expected} customers got exactly one prediction, by model {@code version}, and nothing was dead-lettered. */
    boolean exactlyOnce(long expected, long version) {
        return predictions == expected && distinct == expected && versions.equals(Set.of(version)) && deadLetters == 0;
    }

    /** The fields of a prediction that the audit checks, from either format. */
    private record Answer(String requestId, String recordId, long modelVersion) {

        static Answer of(PredictionFormat format, byte[] value) {
            if (format == PredictionFormat.AVRO) {
                Prediction prediction = AVRO.decode(value);
                return new Answer(prediction.getRequestId(), prediction.getRecordId(), prediction.getModelVersion());
            }
            try {
                JsonNode node = JSON.readTree(value);
                return new Answer(node.get("requestId").asText(), node.get("recordId").asText(), node.get("modelVersion").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException("a prediction is not JSON", e);
            }
        }
    }
}
