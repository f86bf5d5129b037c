package io.streamtrain.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the pipeline's topics say it did with the load, read after the run: where every labelled record went (a
 * published model's lineage, a skipped batch, the dead-letter topic) and what every score request got.
 *
 * @param inputRecords      records on the input topic (its committed records, read to the end)
 * @param inLineages        records in the lineages of the published models (one window per model)
 * @param skipped           records of batches the trainer skipped ({@code BATCH_SKIPPED})
 * @param deadLettered      dead letters whose source is the input topic
 * @param versions          the versions of {@code <p>.model-history}, in topic order
 * @param duplicateBatches  published models whose batch another model was trained on already
 * @param requests          score requests on the score-request topic
 * @param predictions       committed predictions
 * @param distinctAnswers   distinct (request id, record id) pairs among them
 * @param requestsDeadLettered dead letters whose source is the score-request topic
 */
record PipelineAudit(long inputRecords, long inLineages, long skipped, long deadLettered, List<Long> versions, long duplicateBatches,
                     long requests, long predictions, long distinctAnswers, long requestsDeadLettered) {

    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    PipelineAudit {
        versions = List.copyOf(versions);
    }

    /** Reads the pipeline's topics to their ends; predictions must be JSON ({@code predictions.format=json}, the default). */
    static PipelineAudit read(Map<String, Object> clientProperties, PipelineTopics topics) {
        List<ModelEnvelope> models = CommittedRecords.of(clientProperties, topics.modelHistory()).stream()
                .map(record -> ENVELOPES.decode(record.value())).toList();
        long skipped = CommittedRecords.of(clientProperties, topics.events()).stream()
                .map(record -> EVENTS.decode(record.value()))
                .filter(event -> event.getType() == EventType.BATCH_SKIPPED)
                .mapToLong(event -> Long.parseLong(event.getAttributes().getOrDefault("records", "0"))).sum();
        List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedRecords.of(clientProperties, topics.deadLetters());
        Set<String> batches = new HashSet<>();
        long duplicateBatches = models.stream().filter(model -> !batches.add(model.getLineage().getBatchId())).count();
        Set<String> answers = new HashSet<>();
        long predictions = 0;
        for (ConsumerRecord<byte[], byte[]> prediction : CommittedRecords.of(clientProperties, topics.predictions())) {
            JsonNode node = json(prediction.value());
            answers.add(node.path("requestId").asText() + "/" + node.path("recordId").asText());
            predictions++;
        }
        return new PipelineAudit(CommittedRecords.count(clientProperties, topics.records()),
                models.stream().mapToLong(model -> model.getLineage().getRecordCount()).sum(), skipped,
                deadLetters.stream().filter(record -> from(record, topics.records())).count(),
                models.stream().map(ModelEnvelope::getVersion).toList(), duplicateBatches,
                CommittedRecords.count(clientProperties, topics.scoreRequests()), predictions, answers.size(),
                deadLetters.stream().filter(record -> from(record, topics.scoreRequests())).count());
    }

    long accounted() {
        return inLineages + skipped + deadLettered;
    }

    /** Whether the versions are 1, 2, 3, ... each once. */
    boolean versionsGapless() {
        return versions.equals(LongStream.rangeClosed(1, versions.size()).boxed().toList());
    }

    private static boolean from(ConsumerRecord<byte[], byte[]> deadLetter, String topic) {
        Header source = deadLetter.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC);
        return source != null && new String(source.value(), StandardCharsets.UTF_8).equals(topic);
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a prediction is not JSON", e);
        }
    }
}
