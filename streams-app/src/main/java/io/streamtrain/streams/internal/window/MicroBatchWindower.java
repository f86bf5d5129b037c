package io.streamtrain.streams.internal.window;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.streams.internal.control.CloseRequestIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Windows the pipeline's valid records into micro-batches by event time. It runs in every input partition's task.
 * With one input partition it writes whole windows. With several ({@link WindowerSettings#writesParts()}) each task
 * writes its part of each window, and its progress, and the trainer assembles the windows (see the streams-app
 * README, "Windowing with several input partitions"): a part closes like a window below; the task writes its progress when
 * its stream time passes the end plus grace of a window it wrote no part for, when it idles for
 * {@code streams.partition.idle.ms} without an open part (and again every {@code window.idle.close.ms}, or the partition
 * idle time if shorter, while it stays idle: the trainer counts only a report written after a window's first part, so
 * this bounds how long an idle partition holds a window back), and when records flow again after that.
 *
 * <p>Stream time is a watermark over the input partitions: the lowest, among partitions that delivered a
 * record within {@code streams.partition.idle.ms}, of the largest event time each has delivered; it never
 * goes back. A partition racing ahead while a backlog is caught up therefore does not make the others' records
 * late, and a partition without traffic does not hold windows open (see {@link SourcePartitionClocks}). At
 * start, stream time waits for every input partition to deliver (or to stay idle for the partition idle time).
 *
 * <p>Windows are tumbling, {@code window.size.ms} long and aligned to the epoch. A window closes
 * <ul>
 *   <li>when stream time reaches its end plus {@code window.grace.ms} (reason {@code STREAM_TIME});</li>
 *   <li>as soon as it holds {@code window.max.records} records ({@code MAX_RECORDS}); later records of the
 *       same period open the next window of the period, with the next sequence number. With several input partitions
 *       a part closes at its share ({@link WindowerSettings#partMaxRecords()}) and its task writes a full-window
 *       notice to the control topic; every task reads it from the global store at its next wall-clock check and
 *       closes its part of the same window ({@code MAX_RECORDS} too), so the window closes whole;</li>
 *   <li>when no valid record has arrived for {@code window.idle.close.ms} of wall-clock time, checked by a
 *       punctuator ({@code IDLE}); this closes every open window, so a quiet stream still trains;</li>
 *   <li>when a close request arrives from the control topic ({@code REQUESTED}), for example from a scorer that
 *       detected drift; this too closes every open window. With several input partitions every task reads the
 *       requests from a global store at each wall-clock check, so every partition's part of the open windows closes
 *       within {@code streams.idle.check.interval.ms}.</li>
 * </ul>
 * A record whose period stream time has already closed is late: it is dead-lettered with reason
 * {@code late}.
 *
 * <p>In transient mode the records of score requests join the window their request's Kafka timestamp falls in
 * ({@link WindowInput.ScoreRequest}); they neither advance stream time nor keep windows from closing when idle, and a
 * late one is dead-lettered like a late record, with the score-requests topic in its source headers. The dead letter's value is the record's {@code CleanRecord} in Avro single-object
 * encoding (not the original input bytes, which are not carried past validation), its key is null, and its
 * source headers name the input topic, partition and offset of the original record.
 *
 * <p>Open windows survive restarts and rebalances in the state stores; they are not flushed on shutdown.
 */
public final class MicroBatchWindower implements Processor<String, WindowInput, String, Emission> {

    private final WindowerSettings settings;
    private final String service;
    private ProcessorContext<String, Emission> context;
    private WindowStores stores;
    private WindowCloser closer;
    // Mirrors of the metadata store, reloaded in init(): the store is the truth, these avoid a decode per record.
    private NavigableMap<Long, Period> periods;
    private StreamProgress progress;
    private SourcePartitionClocks clocks;
    private long lastArrivalWallClock;
    private int inputPartition;
    // In memory only: after a restart the progress is written again, which the trainer reads as no news.
    private long reportedClosedThrough = Long.MIN_VALUE;
    private boolean reportedIdle;
    // With several input partitions: the global store of close requests, and the last one acted on (in memory: a
    // request made while the task was elsewhere is not acted on after a move; its windows close on time as usual).
    private ReadOnlyKeyValueStore<Long, WindowInput> closeRequests;
    private long lastCloseRequest = -1;
    private long lastIdleReport;

    private MicroBatchWindower(WindowerSettings settings, String service) {
        this.settings = settings;
        this.service = service;
    }

    /**
     * A supplier that also declares the windower's state stores, so the topology connects them.
     *
     * @param service name written to dead-letter headers and events, for example {@code streams-app}
     */
    public static ProcessorSupplier<String, WindowInput, String, Emission> supplier(WindowerSettings settings, String service) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, WindowInput, String, Emission> get() {
                return new MicroBatchWindower(settings, service);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return WindowStores.builders();
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        this.context = context;
        this.stores = WindowStores.from(context);
        this.inputPartition = settings.writesParts() ? context.taskId().partition() : 0;
        this.closer = new WindowCloser(settings, stores, context, service, inputPartition);
        this.periods = stores.loadPeriods();
        this.progress = stores.loadProgress();
        this.lastArrivalWallClock = context.currentSystemTimeMs();
        this.clocks = new SourcePartitionClocks(settings.partitionIdle().toMillis());
        if (!settings.writesParts()) {
            clocks.expect(settings.inputPartitions());
        }
        if (settings.writesParts() && settings.backfill() == null) {
            closeRequests = context.getStateStore(CloseRequestIndex.STORE);
            try (KeyValueIterator<Long, WindowInput> known = closeRequests.reverseAll()) {
                lastCloseRequest = known.hasNext() ? known.next().key : -1;
            }
        }
        context.schedule(settings.idleCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeIfIdle);
    }

    @Override
    public void process(Record<String, WindowInput> record) {
        switch (record.value()) {
            case WindowInput.Accepted accepted -> accept(accepted);
            case WindowInput.ScoreRequest request -> acceptRequest(request);
            case WindowInput.Refused ignored -> countDeadLetter();
            case WindowInput.CloseRequested request -> closeOnRequest(request);
            case WindowInput.WindowFull full -> closeOnWindowFull(full);
            case null -> throw new IllegalArgumentException("null window input");
        }
    }

    private void accept(WindowInput.Accepted record) {
        long now = context.currentSystemTimeMs();
        lastArrivalWallClock = now;
        if (reportedIdle) {
            reportedIdle = false;
            closer.progress(closedThrough(), false);
        }
        if (clocks.observe(record.sourcePartition(), record.eventTime(), now)) {
            advanceStreamTime(now);
        }
        long windowStart = settings.geometry().startOf(record.eventTime());
        if (settings.geometry().isClosed(windowStart, progress.streamTime())) {
            deadLetterLate(record.eventTime(), record.sourceKey(), record.cleanRecord(), settings.sourceTopic(),
                    record.sourcePartition(), record.sourceOffset(), windowStart);
            return;
        }
        place(periodOf(windowStart).withRecord(record.sourcePartition(), record.sourceOffset()), record.cleanRecord());
    }

    /**
     * Places a score request's record (transient mode) in the window of its arrival time. Requests follow the
     * windows the input records make: they do not move stream time or the idle clock, and one whose window has
     * closed is late like a record.
     */
    private void acceptRequest(WindowInput.ScoreRequest request) {
        long windowStart = settings.geometry().startOf(request.eventTime());
        if (settings.geometry().isClosed(windowStart, progress.streamTime())) {
            deadLetterLate(request.eventTime(), request.sourceKey(), request.cleanRecord(), settings.requestsTopic(),
                    request.sourcePartition(), request.sourceOffset(), windowStart);
            return;
        }
        place(periodOf(windowStart).withUnsourcedRecord(), request.cleanRecord());
    }

    /** The period of {@code windowStart}, fresh if stream time has not seen it; allocates nothing when it exists. */
    private Period periodOf(long windowStart) {
        Period period = periods.get(windowStart);
        return period != null ? period : Period.fresh(windowStart);
    }

    /** Stores a record in {@code period}'s open window, which already counts it, and closes the window when full. */
    private void place(Period period, byte[] cleanRecord) {
        long windowStart = period.windowStart();
        OpenWindow window = period.open();
        stores.append(windowStart, window.seq(), cleanRecord);
        if (window.recordCount() >= settings.partMaxRecords()) {
            closeWindow(period, WindowCloseReason.MAX_RECORDS);
            remember(period.withoutOpenWindow());
            if (closeRequests != null) {
                // The other tasks close their parts of this window when they read the notice: it closes whole.
                closer.windowFull(windowStart, window.seq());
            }
        } else {
            remember(period);
        }
    }

    private void advanceStreamTime(long now) {
        OptionalLong watermark = clocks.watermark(now);
        if (watermark.isPresent() && watermark.getAsLong() > progress.streamTime()) {
            progress = progress.advancedTo(watermark.getAsLong());
            stores.save(progress);
            closeOnStreamTime();
            if (settings.writesParts() && closedThrough() > reportedClosedThrough) {
                closer.progress(closedThrough(), false);
                reportedClosedThrough = closedThrough();
            }
        }
    }

    private long closedThrough() {
        return settings.geometry().closedThrough(progress.streamTime());
    }

    /** Closes every window whose end plus grace stream time has reached, and forgets their periods. */
    private void closeOnStreamTime() {
        while (!periods.isEmpty() && settings.geometry().isClosed(periods.firstKey(), progress.streamTime())) {
            Period period = periods.pollFirstEntry().getValue();
            if (period.open() != null) {
                closeWindow(period, WindowCloseReason.STREAM_TIME);
            }
            stores.delete(period);
        }
    }

    private void closeIfIdle(long wallClockTime) {
        closeOnNewRequests();
        // A partition that just went idle no longer holds stream time back.
        advanceStreamTime(wallClockTime);
        long quiet = wallClockTime - lastArrivalWallClock;
        if (quiet >= settings.idleClose().toMillis()) {
            for (Period period : new ArrayList<>(periods.values())) {
                if (period.open() != null) {
                    closeWindow(period, WindowCloseReason.IDLE);
                    remember(period.withoutOpenWindow());
                }
            }
        }
        // Said again while it lasts: the trainer settles a window by an idle report only if the report follows the window's
        // first part, and a restarted trainer that reads the batches from its committed offset learns it anew.
        long idleMs = settings.partitionIdle().toMillis();
        long repeatMs = Math.min(idleMs, settings.idleClose().toMillis());
        if (settings.writesParts() && quiet >= idleMs && (!reportedIdle || wallClockTime - lastIdleReport >= repeatMs)
                && periods.values().stream().allMatch(period -> period.open() == null)) {
            closer.progress(closedThrough(), true);
            reportedIdle = true;
            lastIdleReport = wallClockTime;
        }
    }

    /** With several input partitions: acts on the close requests the global store received since the last check. */
    private void closeOnNewRequests() {
        if (closeRequests == null) {
            return;
        }
        try (KeyValueIterator<Long, WindowInput> fresh = closeRequests.range(lastCloseRequest + 1, Long.MAX_VALUE)) {
            while (fresh.hasNext()) {
                var request = fresh.next();
                lastCloseRequest = request.key;
                switch (request.value) {
                    case WindowInput.CloseRequested closeRequest -> closeOnRequest(closeRequest);
                    case WindowInput.WindowFull full -> closeOnWindowFull(full);
                    case null, default -> {
                        // The index holds only close requests and full-window notices.
                    }
                }
            }
        }
    }

    private void closeOnRequest(WindowInput.CloseRequested request) {
        Map<String, String> why = Map.of("requestedBy", request.requestedBy(), "requestReason", request.reason());
        for (Period period : new ArrayList<>(periods.values())) {
            if (period.open() != null) {
                closeWindow(period, WindowCloseReason.REQUESTED, why);
                remember(period.withoutOpenWindow());
            }
        }
    }

    /**
     * Closes this task's part of a window that another partition's task found full, so that the window closes whole:
     * the open part if it belongs to that window (or an earlier one of its period, whose notice this task missed), else
     * an empty part if this task has not written one, so the trainer need not wait for this partition's progress. The
     * period's next records then open a later window. A notice for a window this task has passed (its own, a duplicate,
     * or one its stream time closed) changes nothing, and so does one for a window this task has not reached yet (its
     * stream time is before the window's start, as while a backlog is caught up): its records of that window are still
     * to come and join the same window, which the trainer assembles once they are in.
     */
    private void closeOnWindowFull(WindowInput.WindowFull full) {
        long windowStart = full.windowStart();
        if (progress.streamTime() < windowStart || settings.geometry().isClosed(windowStart, progress.streamTime())) {
            return;
        }
        Period period = periodOf(windowStart);
        boolean partWritten = period.nextSeq() > full.seq();
        if (period.open() != null && period.open().seq() <= full.seq()) {
            partWritten = period.open().seq() == full.seq();
            closeWindow(period, WindowCloseReason.MAX_RECORDS);
        } else if (period.open() != null || partWritten) {
            return;
        }
        if (!partWritten) {
            closeWindow(windowStart, OpenWindow.empty(full.seq()), WindowCloseReason.MAX_RECORDS, Map.of());
        }
        remember(period.afterWindowClosedEverywhere(full.seq()));
    }

    /** Emits the period's open window; the caller decides what becomes of the period. */
    private void closeWindow(Period period, WindowCloseReason reason) {
        closeWindow(period, reason, Map.of());
    }

    private void closeWindow(Period period, WindowCloseReason reason, Map<String, String> why) {
        closeWindow(period.windowStart(), period.open(), reason, why);
    }

    private void closeWindow(long windowStart, OpenWindow window, WindowCloseReason reason, Map<String, String> why) {
        closer.close(windowStart, window, reason, progress.deadLetteredSinceClose(), why, closedThrough());
        reportedClosedThrough = Math.max(reportedClosedThrough, closedThrough());
        progress = progress.afterWindowClosed();
        stores.save(progress);
    }

    private void remember(Period period) {
        periods.put(period.windowStart(), period);
        stores.save(period);
    }

    private void countDeadLetter() {
        progress = progress.plusDeadLettered();
        stores.save(progress);
    }

    private void deadLetterLate(long eventTime, byte[] key, byte[] cleanRecord, String topic, int partition, long offset,
                                long windowStart) {
        String detail = "event time " + Instant.ofEpochMilli(eventTime) + " falls in window ["
                + Instant.ofEpochMilli(windowStart) + ", " + Instant.ofEpochMilli(settings.geometry().endOf(windowStart))
                + ") which closed at stream time " + Instant.ofEpochMilli(settings.geometry().closesAt(windowStart))
                + " (grace " + settings.geometry().graceMs() + " ms); stream time is " + Instant.ofEpochMilli(progress.streamTime());
        Headers headers = DeadLetterHeaders.annotate(new RecordHeaders(), DeadLetterReason.LATE, detail, service,
                topic, partition, offset);
        context.forward(new Record<>(settings.pipeline(), new Emission(Emission.Destination.DEAD_LETTERS, cleanRecord, key),
                context.currentSystemTimeMs(), headers));
        StreamtrainMeters.deadLettered(settings.pipeline(), service).increment();
        countDeadLetter();
    }
}
