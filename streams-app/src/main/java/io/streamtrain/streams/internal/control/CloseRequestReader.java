package io.streamtrain.streams.internal.control;

import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.internal.window.WindowInput;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's control topic: each value is a {@code PipelineEvent} in Avro single-object encoding, and a
 * {@code RETRAIN_REQUESTED} event becomes a {@link WindowInput.CloseRequested} for the windower, keyed by pipeline
 * name like every window input, and a full-window notice ({@link WindowFullNotices}) a {@link WindowInput.WindowFull}.
 * Other event types are not requests to the streams-app and are passed over; a value that is not a pipeline event, or a
 * notice that does not read, is logged with its position and skipped, so a stray message never stops ingestion.
 */
public final class CloseRequestReader implements Processor<byte[], byte[], String, WindowInput> {

    private static final Logger LOG = LoggerFactory.getLogger(CloseRequestReader.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final String pipeline;
    private ProcessorContext<String, WindowInput> context;

    public CloseRequestReader(String pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public void init(ProcessorContext<String, WindowInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        read(record.value(), pipeline, position()).ifPresent(request -> context.forward(
                new Record<>(pipeline, request, record.timestamp(), record.headers())));
    }

    /**
     * The close request or full-window notice in control message {@code value}, if it is one for {@code pipeline};
     * anything else is logged (at {@code position}) and passed over.
     */
    static Optional<WindowInput> read(byte[] value, String pipeline, String position) {
        PipelineEvent event;
        try {
            event = EVENTS.decode(value);
        } catch (SerializationException e) {
            LOG.warn("Skipping a control message at {} that is not a pipeline event: {}", position, e.toString());
            return Optional.empty();
        }
        if (event.getType() == EventType.WINDOW_CLOSED && pipeline.equals(event.getPipeline())) {
            return fullWindow(event, position);
        }
        if (event.getType() != EventType.RETRAIN_REQUESTED) {
            LOG.debug("Control message {} at {} is no request to the streams-app", event.getType(), position);
            return Optional.empty();
        }
        if (!pipeline.equals(event.getPipeline())) {
            LOG.warn("Skipping a retrain request for pipeline {} at {}; this streams-app windows pipeline {}",
                    event.getPipeline(), position, pipeline);
            return Optional.empty();
        }
        LOG.info("Closing the open windows early at the request of {}: {}", event.getSource(), event.getMessage());
        return Optional.of(new WindowInput.CloseRequested(event.getSource(), event.getMessage()));
    }

    private static Optional<WindowInput> fullWindow(PipelineEvent event, String position) {
        try {
            return WindowFullNotices.read(event).map(WindowInput.class::cast);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a full-window notice at {}: {}", position, e.getMessage());
            return Optional.empty();
        }
    }

    private String position() {
        return context.recordMetadata().map(CloseRequestReader::describe).orElse("an unknown position");
    }

    static String describe(RecordMetadata metadata) {
        return metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
    }
}
