package io.streamtrain.streams.internal.errors;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** An error-handler context as Kafka Streams passes it, for calling the policies directly. */
record FakeErrorContext(String topic, int partition, long offset, Headers headers, String processorNodeId,
                        byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {

    static FakeErrorContext at(String node, byte[] rawValue) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", new byte[] {7});
        return new FakeErrorContext("churn.records", 2, 41, headers, node, new byte[] {1}, rawValue);
    }

    @Override
    public TaskId taskId() {
        return new TaskId(0, partition);
    }

    @Override
    public long timestamp() {
        return 0;
    }
}
