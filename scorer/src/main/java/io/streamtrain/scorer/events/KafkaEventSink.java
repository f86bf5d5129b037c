package io.streamtrain.scorer.events;

import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to the pipeline's events topic, keyed by pipeline name, as Avro single-object encoded
 * {@link PipelineEvent}s. Uses its own non-transactional producer: events come from several threads and
 * must not join (or wait for) the scoring transactions.
 */
public final class KafkaEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);
    private static final AvroMessageCodec<PipelineEvent> CODEC = AvroMessageCodec.of(PipelineEvent.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;

    /** Takes ownership of {@code producer}: {@link #close(Duration)} closes it. */
    public KafkaEventSink(String topic, Producer<byte[], byte[]> producer) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    @Override
    public void publish(PipelineEvent event) {
        byte[] key = event.getPipeline().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, key, CODEC.encode(event)), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("Could not publish {} event to {}: {}", event.getType(), topic, error.toString());
                }
            });
        } catch (KafkaException e) {
            LOG.warn("Could not publish {} event to {}: {}", event.getType(), topic, e.toString());
        }
    }

    /** Sends what is buffered and closes the producer, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
