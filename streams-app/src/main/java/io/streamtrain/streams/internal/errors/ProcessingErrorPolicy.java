package io.streamtrain.streams.internal.errors;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.streams.IngestTopology;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a processor throws, which validation never does on bad data (bad data is an outcome,
 * not an exception), so only bugs and infrastructure failures get here.
 *
 * <ul>
 *   <li>In a stateless ingest node (name starting with {@value IngestTopology#STATELESS_NODE_PREFIX}) the
 *       record as read from the input topic is dead-lettered with reason {@code invalid} and the exception in
 *       the detail header, and processing continues: skipping one stateless step loses nothing else.</li>
 *   <li>Anywhere else (the windower and what follows it) the task fails. Skipping there could leave a window
 *       half-emitted; failing aborts the transaction, the thread is replaced, and the task resumes from its
 *       last committed state and offsets.</li>
 * </ul>
 * Both cases are logged with topic, partition, offset and node.
 */
public final class ProcessingErrorPolicy implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingErrorPolicy.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetterRecords.topic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String node = context.processorNodeId();
        if (!node.startsWith(IngestTopology.STATELESS_NODE_PREFIX)) {
            LOG.error("Processing failed in stateful node {} on {}-{} offset {}; failing the task so that exactly-once "
                    + "rolls it back to its last commit", node, context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
        LOG.warn("Processing failed in node {} on {}-{} offset {}; dead-lettering the record and continuing",
                node, context.topic(), context.partition(), context.offset(), exception);
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        return Response.resume(List.of(DeadLetterRecords.of(deadLetterTopic, context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), DeadLetterReason.INVALID, "processing failed in " + node + ": " + DeadLetterRecords.describe(exception), context)));
    }
}
