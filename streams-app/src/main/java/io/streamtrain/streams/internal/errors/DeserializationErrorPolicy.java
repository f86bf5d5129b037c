package io.streamtrain.streams.internal.errors;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialized is logged with topic, partition and offset, dead-lettered as read
 * with reason {@code undecodable}, and skipped. The input topic is read as raw bytes and never fails here;
 * this catches corrupt records on the internal repartition topic, which must not stop the pipeline.
 */
public final class DeserializationErrorPolicy implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeserializationErrorPolicy.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetterRecords.topic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("Cannot deserialize the record at {}-{} offset {}; dead-lettering it and continuing: {}",
                record.topic(), record.partition(), record.offset(), DeadLetterRecords.describe(exception));
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        return Response.resume(List.of(DeadLetterRecords.of(deadLetterTopic, record.key(), record.value(), record.headers(),
                DeadLetterReason.UNDECODABLE, DeadLetterRecords.describe(exception), context)));
    }
}
