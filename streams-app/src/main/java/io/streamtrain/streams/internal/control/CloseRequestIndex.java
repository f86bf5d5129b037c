package io.streamtrain.streams.internal.control;

import io.streamtrain.streams.internal.window.WindowInput;
import io.streamtrain.streams.internal.window.WindowInputSerde;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * With several input partitions, every task must see a retrain request and a full-window notice, but the control topic
 * has one partition: this processor keeps both in a global store, read by every task's windower
 * ({@code MicroBatchWindower}), keyed by their offset on the control topic. The store is in memory and rebuilt from the control topic at each start.
 */
public final class CloseRequestIndex implements Processor<byte[], byte[], Void, Void> {

    /** The global store of close requests and full-window notices by control-topic offset. */
    public static final String STORE = "control-close-requests";

    private final String pipeline;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<Long, WindowInput> requests;

    public CloseRequestIndex(String pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /** The global store's builder; global stores are restored from their topic, so it has no changelog. */
    public static StoreBuilder<KeyValueStore<Long, WindowInput>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.Long(), new WindowInputSerde())
                .withLoggingDisabled();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.requests = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        context.recordMetadata().ifPresent(metadata -> CloseRequestReader.read(record.value(), pipeline,
                CloseRequestReader.describe(metadata)).ifPresent(request -> requests.put(metadata.offset(), request)));
    }
}
