package io.streamtrain.streams.internal.control;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.internal.window.WindowInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The full-window notice on the control topic: with several input partitions, the task whose part of a window reaches
 * its share of {@code window.max.records} writes one, in its transaction, so that every task closes its part of the
 * same window ({@link WindowInput.WindowFull}). It is a {@code WINDOW_CLOSED} pipeline event with reason
 * {@code MAX_RECORDS} and the window's {@value #WINDOW_START}, {@value #SEQ} and {@value #PARTITION} attributes, so that
 * an operator reading the control topic sees what it is; on the events topic the trainer writes the window's own
 * {@code WINDOW_CLOSED} once it has assembled it.
 */
public final class WindowFullNotices {

    static final String WINDOW_START = "windowStart";
    static final String SEQ = "windowSeq";
    static final String PARTITION = "inputPartition";

    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private WindowFullNotices() {
    }

    /** The encoded notice that {@code full}'s part filled up; {@code windowBatchId} names the window for people. */
    public static byte[] encode(String pipeline, String service, WindowInput.WindowFull full, String windowBatchId, long now) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("batchId", windowBatchId);
        attributes.put(WINDOW_START, full.windowStart());
        attributes.put(SEQ, full.seq());
        attributes.put(PARTITION, full.partition());
        attributes.put("reason", WindowCloseReason.MAX_RECORDS);
        PipelineEvents events = new PipelineEvents(pipeline, service, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
        return EVENTS.encode(events.event(EventType.WINDOW_CLOSED, "Input partition " + full.partition() + "'s part of window "
                + windowBatchId + " holds its share of window.max.records: every partition closes its part", attributes));
    }

    /**
     * The notice in {@code event}, if it is one.
     *
     * @throws IllegalArgumentException if it is a notice whose attributes do not read
     */
    static Optional<WindowInput.WindowFull> read(PipelineEvent event) {
        Map<String, String> attributes = event.getAttributes();
        if (event.getType() != EventType.WINDOW_CLOSED || !attributes.containsKey(WINDOW_START)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WindowInput.WindowFull(Long.parseLong(attributes.get(WINDOW_START)),
                    Integer.parseInt(attributes.get(SEQ)), Integer.parseInt(attributes.get(PARTITION))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("full-window notice with unreadable attributes " + attributes, e);
        }
    }
}
