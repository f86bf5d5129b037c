package io.streamtrain.streams.internal.window;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.messages.WindowPart;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.internal.control.WindowFullNotices;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one closed window into output: its records as {@code BatchMessage} chunks, then the manifest that
 * completes the batch, then a {@code WINDOW_CLOSED} event; the window's records are deleted from the store.
 * Everything is forwarded through Streams, so with exactly-once the chunks, manifest, event and deletes
 * commit together or not at all.
 *
 * <p>With several input partitions ({@link WindowerSettings#writesParts()}) what closes is this task's part of the
 * window: the chunks and manifest carry the part's id, the manifest names the window and the partition's progress,
 * and no event is written (the trainer writes the window's {@code WINDOW_CLOSED} once it has assembled it). The
 * task's progress alone is written by {@link #progress}, and a full-window notice by {@link #windowFull}.
 */
final class WindowCloser {

    private static final Logger LOG = LoggerFactory.getLogger(WindowCloser.class);
    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final WindowerSettings settings;
    private final WindowStores stores;
    private final ProcessorContext<String, Emission> context;
    private final String service;
    private final int inputPartition;

    /** @param inputPartition the input partition this task windows */
    WindowCloser(WindowerSettings settings, WindowStores stores, ProcessorContext<String, Emission> context, String service,
                 int inputPartition) {
        this.settings = settings;
        this.stores = stores;
        this.context = context;
        this.service = service;
        this.inputPartition = inputPartition;
    }

    /**
     * Emits and deletes the window.
     *
     * @param deadLettered records dead-lettered since the previous window closed, reported in the event
     * @param why          more attributes of the event saying why the window closed (who requested it and why)
     * @param closedThrough the task's progress ({@link WindowGeometry#closedThrough}), written in a part's manifest
     */
    void close(long windowStart, OpenWindow window, WindowCloseReason reason, long deadLettered, Map<String, String> why,
               long closedThrough) {
        String windowBatchId = BatchIds.of(settings.batchIdPrefix(), windowStart, window.seq());
        String batchId = settings.writesParts() ? BatchIds.partOf(windowBatchId, inputPartition) : windowBatchId;
        long now = context.currentSystemTimeMs();
        BatchChunker chunker = new BatchChunker(settings.pipeline(), batchId, settings.chunkMaxBytes(),
                chunk -> emit(Emission.Destination.BATCHES, chunk, now));
        int records = stores.drain(windowStart, window.seq(), chunker::add);
        int chunks = chunker.finish();
        if (records != window.recordCount()) {
            LOG.warn("Window {} metadata counted {} records but the store held {}; the manifest reports the records emitted",
                    batchId, window.recordCount(), records);
        }
        long windowEnd = settings.geometry().endOf(windowStart);
        WindowPart part = settings.writesParts()
                ? new WindowPart(windowBatchId, progressOf(closedThrough, false)) : null;
        emit(Emission.Destination.BATCHES, BATCHES.encode(manifest(batchId, windowStart, windowEnd, window, reason, records, chunks, now, part)), now);
        if (part != null) {
            LOG.debug("Closed part {} ({}): {} records in {} chunks", batchId, reason, records, chunks);
            return;
        }
        emit(Emission.Destination.EVENTS, EVENTS.encode(event(batchId, windowStart, windowEnd, reason, records, chunks, deadLettered, why, now)), now);
        StreamtrainMeters.windowsClosed(settings.pipeline()).increment();
        LOG.info("Closed window {} ({}): {} records in {} chunks, {} records dead-lettered since the previous window",
                batchId, reason, records, chunks, deadLettered);
    }

    /**
     * Writes a full-window notice to the control topic: this task's part of window {@code (windowStart, seq)} closed at
     * its share of {@code window.max.records}, so every task closes its part of that window.
     */
    void windowFull(long windowStart, int seq) {
        long now = context.currentSystemTimeMs();
        WindowInput.WindowFull full = new WindowInput.WindowFull(windowStart, seq, inputPartition);
        emit(Emission.Destination.CONTROL, WindowFullNotices.encode(settings.pipeline(), service, full,
                BatchIds.of(settings.batchIdPrefix(), windowStart, seq), now), now);
    }

    /**
     * Writes this task's progress alone: every window ending at or before {@code closedThrough} is closed in its
     * partition, and with {@code idle} the partition has no open part and no recent records.
     */
    void progress(long closedThrough, boolean idle) {
        long now = context.currentSystemTimeMs();
        emit(Emission.Destination.BATCHES, BATCHES.encode(BatchMessage.newBuilder()
                .setPipeline(settings.pipeline())
                .setBatchId(BatchIds.progressOf(settings.batchIdPrefix(), inputPartition))
                .setPart(progressOf(closedThrough, idle))
                .build()), now);
    }

    private PartitionProgress progressOf(long closedThrough, boolean idle) {
        return new PartitionProgress(inputPartition, settings.inputPartitions(), Instant.ofEpochMilli(closedThrough), idle);
    }

    private BatchMessage manifest(String batchId, long windowStart, long windowEnd, OpenWindow window,
                                  WindowCloseReason reason, int records, int chunks, long now, WindowPart part) {
        return BatchMessage.newBuilder()
                .setPipeline(settings.pipeline())
                .setBatchId(batchId)
                .setPart(BatchManifest.newBuilder()
                        .setWindowStart(Instant.ofEpochMilli(windowStart))
                        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                        .setCloseReason(reason)
                        .setRecordCount(records)
                        .setChunkCount(chunks)
                        .setFeatureNames(settings.featureNames())
                        .setSourceTopic(settings.sourceTopic())
                        .setSourceRanges(window.spans().stream().map(OffsetSpan::toOffsetRange).toList())
                        .setClosedAt(Instant.ofEpochMilli(now))
                        .setBackfill(settings.backfill())
                        .setPart(part)
                        .build())
                .build();
    }

    private PipelineEvent event(String batchId, long windowStart, long windowEnd, WindowCloseReason reason,
                                int records, int chunks, long deadLettered, Map<String, String> why, long now) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("batchId", batchId);
        attributes.put("windowStart", windowStart);
        attributes.put("windowEnd", windowEnd);
        attributes.put("records", records);
        attributes.put("chunks", chunks);
        attributes.put("reason", reason);
        attributes.put("deadLettered", deadLettered);
        if (settings.backfill() != null) {
            attributes.put("backfillRun", settings.backfill().getRunId());
        }
        attributes.putAll(why);
        // The processor's wall clock, not the JVM's, so that tests driving time see consistent event times.
        PipelineEvents events = new PipelineEvents(settings.pipeline(), service, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
        return events.event(EventType.WINDOW_CLOSED,
                "Window " + batchId + " closed (" + reason + "): " + records + " records in " + chunks + " chunks"
                        + (why.containsKey("requestReason") ? "; " + why.get("requestReason") : ""), attributes);
    }

    private void emit(Emission.Destination destination, byte[] value, long now) {
        context.forward(new Record<>(settings.pipeline(), new Emission(destination, value), now, new RecordHeaders()));
    }
}
