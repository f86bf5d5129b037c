package io.streamtrain.streams.internal.errors;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed writes. Retriable errors are retried and everything else fails the task, with one exception that
 * data can cause: a dead letter too large for the dead-letter topic (an input record just under the input
 * topic's limit, plus dead-letter headers). Failing on it would replay the same record forever, so it is
 * written again without its value, keeping its key and headers, and processing continues.
 */
public final class ProductionErrorPolicy implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionErrorPolicy.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetterRecords.topic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException && record.topic().equals(deadLetterTopic)) {
            int size = record.value() == null ? 0 : record.value().length;
            LOG.error("The dead letter of {}-{} offset {} ({} bytes) is too large for {}; writing it without its value",
                    context.topic(), context.partition(), context.offset(), size, deadLetterTopic);
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(DeadLetterHeaders.DETAIL, ("original value of " + size + " bytes dropped: larger than "
                    + deadLetterTopic + " accepts").getBytes(StandardCharsets.UTF_8));
            return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.key(), null, headers)));
        }
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        LOG.error("Cannot write to {} for the record at {}-{} offset {}; failing the task",
                record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.error("Cannot serialize the {} of a record for {} (from {}-{} offset {}); failing the task",
                origin, record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }
}
