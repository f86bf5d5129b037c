package io.streamtrain.bench.horizon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a data set's rows to a records topic as plain JSON objects of the pipeline's schema, keyed by record id,
 * in order, row {@code i} with the Kafka timestamp (the pipelines' event time) {@code start + i × spacing}.
 */
final class RecordStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> clientProperties;
    private final PipelineSchema schema;
    private final Instant start;
    private final long spacingMs;

    RecordStream(Map<String, Object> clientProperties, PipelineSchema schema, Instant start, long spacingMs) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.schema = schema;
        this.start = start;
        this.spacingMs = spacingMs;
    }

    /** Sends every row to {@code topic} and waits until the broker has acknowledged them all. */
    void produce(String topic, List<StreamedDataSet.Row> rows) throws JsonProcessingException, ExecutionException, InterruptedException {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            for (int i = 0; i < rows.size(); i++) {
                StreamedDataSet.Row row = rows.get(i);
                producer.send(new ProducerRecord<>(topic, null, start.toEpochMilli() + i * spacingMs, row.id(), JSON.writeValueAsBytes(json(row))));
            }
            // The last send's acknowledgement follows every earlier one's on the single partition.
            producer.flush();
        }
    }

    private ObjectNode json(StreamedDataSet.Row row) {
        ObjectNode object = JSON.createObjectNode();
        object.put(PipelineSchema.ID_FIELD, row.id());
        object.put(PipelineSchema.LABEL_FIELD, row.label());
        List<Schema.Field> features = schema.features();
        double[] values = row.features();
        for (int i = 0; i < features.size(); i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(row.id() + " misses " + features.get(i).name() + "; the benchmark streams complete rows only");
            }
            object.put(features.get(i).name(), values[i]);
        }
        return object;
    }
}
