package io.streamtrain.trainer.batch;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.WindowPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Assembles windows from the parts that the streams-app's input partition tasks write to one partition of the batches
 * topic (see the streams-app README, "Windowing with several input partitions").
 *
 * <p>Input partition {@code p} is <i>settled</i> for a window when its part has arrived, when its progress
 * ({@code closedThrough}) has reached the window's end (a task writes a window's parts before its progress passes the
 * window, so a part not written by then never will be), or when its latest progress said it was idle and was written
 * after the window's first part. An idle report from before that part says nothing about the window: the partition's
 * task may have had the window's records still to read when another task closed its part (a task just moved to another
 * instance, or slower than the others); a partition that stays idle repeats its report (every
 * {@code window.idle.close.ms}, or {@code streams.partition.idle.ms} if shorter), which bounds the wait. A window is
 * complete once every input partition is settled; the count of input partitions is the largest any of its parts names.
 * A window still unsettled {@code timeout} after its first part arrived is assembled from the parts it has, with the
 * missing partitions named in its manifest.
 *
 * <p>Not thread-safe; one instance per {@link BatchAssembler}.
 */
final class WindowParts {

    /** Assembled windows remembered to recognise a part that arrives after its window (a late part). */
    static final int ASSEMBLED_CAPACITY = 1_024;

    /**
     * A window assembled from its parts.
     *
     * @param window the whole window, ready to train
     * @param parts  the parts it was assembled from
     */
    record Assembled(AssembledBatch window, List<AssembledBatch> parts) {
        Assembled {
            parts = List.copyOf(parts);
        }
    }

    private final Duration timeout;
    private final Map<String, Set<Integer>> assembled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<Integer>> eldest) {
            return size() > ASSEMBLED_CAPACITY;
        }
    };
    /** Windows with parts still waiting for other partitions, in order of their first part. */
    private final Map<String, PendingWindow> pending = new LinkedHashMap<>();
    private final Map<Integer, PartitionProgress> progress = new HashMap<>();
    /** The offset of each input partition's latest idle report. */
    private final Map<Integer, Long> idleReportOffsets = new HashMap<>();

    WindowParts(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Adds a complete part, read at wall-clock {@code now}.
     *
     * @return the oldest window now settled: its own, or one its progress settled; or none. One message can settle
     *         several windows, and the trainer trains one at a time: the others wait for {@link #nextDue}.
     */
    List<Assembled> addPart(AssembledBatch part, long now) {
        WindowPart info = part.manifest().getPart();
        remember(info.getProgress());
        pending.computeIfAbsent(info.getWindowBatchId(), id -> new PendingWindow(id, now))
                .parts.put(info.getProgress().getInputPartition(), part);
        return oldestSettled(part.manifestOffset());
    }

    /**
     * Records an input partition's progress, read at {@code offset}.
     *
     * @return the oldest window now settled, or none; as {@link #addPart}
     */
    List<Assembled> addProgress(PartitionProgress partitionProgress, long offset) {
        remember(partitionProgress);
        if (partitionProgress.getIdle()) {
            idleReportOffsets.put(partitionProgress.getInputPartition(), offset);
        }
        return oldestSettled(offset);
    }

    /**
     * The oldest window that is due: settled by messages read earlier but not yet handed out (a message that settled
     * several windows handed out only the oldest), or still unsettled {@code timeout} after its first part arrived,
     * assembled from the parts it has; empty if there is none.
     */
    List<Assembled> nextDue(long now) {
        return handOutFirst(window -> window.settled() || now - window.firstArrival >= timeout.toMillis(), Long.MIN_VALUE);
    }

    /**
     * The windows still waiting whose first part lies before {@code offset}, assembled from the parts they have. Used
     * after rebuilding the horizon up to the committed {@code offset}: such a window was finished by the earlier reader
     * (the commit never passes an unfinished window's first part), whatever of it was not read again.
     */
    List<Assembled> settleBefore(long offset) {
        List<Assembled> settled = new ArrayList<>();
        for (Iterator<PendingWindow> windows = pending.values().iterator(); windows.hasNext(); ) {
            PendingWindow window = windows.next();
            if (window.firstOffset() < offset) {
                windows.remove();
                settled.add(window.assemble(window.lastManifestOffset()));
            }
        }
        return settled;
    }

    /**
     * Whether {@code part} is a late part: its window was assembled (in this reader's lifetime) without it. A part
     * the window was assembled with (a copy read again) is not late.
     */
    boolean isLate(WindowPart part) {
        Set<Integer> included = assembled.get(part.getWindowBatchId());
        return included != null && !included.contains(part.getProgress().getInputPartition());
    }

    /** Whether {@code part}'s window was assembled with it already: the message is a copy and adds nothing. */
    boolean isAssembledWith(WindowPart part) {
        Set<Integer> included = assembled.get(part.getWindowBatchId());
        return included != null && included.contains(part.getProgress().getInputPartition());
    }

    /** The first offset of every part still waiting; the commit point must not pass them. */
    OptionalLong firstOffset() {
        return pending.values().stream().flatMap(window -> window.parts.values().stream())
                .mapToLong(AssembledBatch::firstOffset).min();
    }

    /** The parts still waiting for the other input partitions. */
    List<AssembledBatch> waitingParts() {
        return pending.values().stream().flatMap(window -> window.parts.values().stream()).toList();
    }

    /** Records held by parts still waiting. */
    long recordsHeld() {
        return pending.values().stream().flatMap(window -> window.parts.values().stream())
                .mapToLong(part -> part.records().size()).sum();
    }

    int pendingWindows() {
        return pending.size();
    }

    private void remember(PartitionProgress latest) {
        progress.merge(latest.getInputPartition(), latest, (known, next) -> new PartitionProgress(
                next.getInputPartition(), Math.max(known.getInputPartitions(), next.getInputPartitions()),
                next.getClosedThrough().isAfter(known.getClosedThrough()) ? next.getClosedThrough() : known.getClosedThrough(),
                next.getIdle()));
    }

    private List<Assembled> oldestSettled(long decidingOffset) {
        return handOutFirst(PendingWindow::settled, decidingOffset);
    }

    /** Removes and assembles the oldest pending window that is {@code due}; decided at {@code decidingOffset} or later. */
    private List<Assembled> handOutFirst(Predicate<PendingWindow> due, long decidingOffset) {
        for (PendingWindow window : pending.values()) {
            if (due.test(window)) {
                pending.remove(window.windowBatchId);
                return List.of(window.assemble(Math.max(decidingOffset, window.lastManifestOffset())));
            }
        }
        return List.of();
    }

    /** The parts of one window that arrived, by input partition. */
    private final class PendingWindow {
        private final String windowBatchId;
        private final long firstArrival;
        private final TreeMap<Integer, AssembledBatch> parts = new TreeMap<>();

        PendingWindow(String windowBatchId, long firstArrival) {
            this.windowBatchId = windowBatchId;
            this.firstArrival = firstArrival;
        }

        int inputPartitions() {
            return parts.values().stream().mapToInt(part -> part.manifest().getPart().getProgress().getInputPartitions())
                    .max().orElse(1);
        }

        Instant windowEnd() {
            return parts.firstEntry().getValue().manifest().getWindowEnd();
        }

        boolean settled() {
            return missing().isEmpty();
        }

        List<Integer> missing() {
            return IntStream.range(0, inputPartitions()).filter(partition -> !settledBy(partition)).boxed().toList();
        }

        private boolean settledBy(int partition) {
            if (parts.containsKey(partition)) {
                return true;
            }
            PartitionProgress known = progress.get(partition);
            return known != null && (!known.getClosedThrough().isBefore(windowEnd())
                    || known.getIdle() && idleReportOffsets.getOrDefault(partition, Long.MIN_VALUE) > firstOffset());
        }

        long firstOffset() {
            return parts.values().stream().mapToLong(AssembledBatch::firstOffset).min().orElseThrow();
        }

        long lastManifestOffset() {
            return parts.values().stream().mapToLong(AssembledBatch::manifestOffset).max().orElseThrow();
        }

        Assembled assemble(long decidingOffset) {
            assembled.put(windowBatchId, Set.copyOf(parts.keySet()));
            List<AssembledBatch> ordered = List.copyOf(parts.values());
            List<CleanRecord> records = new ArrayList<>();
            List<OffsetRange> ranges = new ArrayList<>();
            long recordCount = 0;
            int chunkCount = 0;
            for (AssembledBatch part : ordered) {
                records.addAll(part.records());
                ranges.addAll(part.manifest().getSourceRanges());
                recordCount += part.manifest().getRecordCount();
                chunkCount += part.manifest().getChunkCount();
            }
            List<Integer> missingPartitions = missing();
            BatchManifest first = ordered.stream().map(AssembledBatch::manifest)
                    .min(Comparator.comparing(BatchManifest::getClosedAt)).orElseThrow();
            Instant closedAt = ordered.stream().map(part -> part.manifest().getClosedAt()).max(Comparator.naturalOrder())
                    .orElseThrow();
            // Field by field, not newBuilder(first): Avro's deep copy would need the generated classes' package trusted.
            BatchManifest manifest = BatchManifest.newBuilder()
                    .setWindowStart(first.getWindowStart())
                    .setWindowEnd(first.getWindowEnd())
                    .setCloseReason(first.getCloseReason())
                    .setFeatureNames(first.getFeatureNames())
                    .setSourceTopic(first.getSourceTopic())
                    .setBackfill(first.getBackfill())
                    .setRecordCount(recordCount)
                    .setChunkCount(chunkCount)
                    .setSourceRanges(ranges)
                    .setClosedAt(closedAt)
                    .setPart(null)
                    .setMissingPartitions(missingPartitions)
                    .build();
            return new Assembled(new AssembledBatch(windowBatchId, manifest, records, firstOffset(), decidingOffset), ordered);
        }
    }
}
