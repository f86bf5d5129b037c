package io.streamtrain.streams.internal.errors;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.streams.IngestTopology;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** Dead letters built by the error handlers: the raw record as read, its headers, and the streamtrain error headers. */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /** The dead-letter topic named by {@code errors.dead.letter.queue.topic.name}, or null when unset. */
    static String topic(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null || topic.toString().isBlank() ? null : topic.toString();
    }

    static ProducerRecord<byte[], byte[]> of(String topic, byte[] key, byte[] value, Headers originalHeaders,
                                             DeadLetterReason reason, String detail, ErrorHandlerContext source) {
        Headers headers = new RecordHeaders(originalHeaders == null ? new Header[0] : originalHeaders.toArray());
        DeadLetterHeaders.annotate(headers, reason, detail, IngestTopology.SERVICE_NAME, source.topic(), source.partition(), source.offset());
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    /** Exception class and message, the detail header of a dead letter caused by an exception. */
    static String describe(Exception exception) {
        return exception.getClass().getSimpleName() + ": " + exception.getMessage();
    }
}
