package io.streamtrain.streams.backfill;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Passes on the input records before the end of a backfill run's range and drops the ones after it, which the live
 * pipeline windows. The run starts at the range's first offsets (its consumer group's offsets are set there before
 * it starts), so this is the only bound the topology needs.
 */
public final class BackfillRangeFilter implements Processor<byte[], byte[], byte[], byte[]> {

    private final BackfillRequest request;
    private final BackfillTally tally;
    private ProcessorContext<byte[], byte[]> context;

    public BackfillRangeFilter(BackfillRequest request, BackfillTally tally) {
        this.request = request;
        this.tally = tally;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("the backfill range filter must read directly from the input topic"));
        if (source.offset() < request.endOffset(source.partition())) {
            tally.countRead();
            context.forward(record);
        }
    }
}
