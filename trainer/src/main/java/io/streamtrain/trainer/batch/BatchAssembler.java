package io.streamtrain.trainer.batch;

import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.WindowPart;
import io.streamtrain.trainer.TrainerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * Reassembles the batches of one partition of the batches topic from their chunks and manifests.
 *
 * <p><b>Deciding a batch.</b> All chunks of a batch precede its manifest in the same partition, so a batch is
 * decided when its manifest is read: it is {@linkplain AssemblyResult.Complete complete} when chunks
 * {@code 0 .. chunkCount - 1} have all arrived and hold {@code recordCount} records, and
 * {@linkplain AssemblyResult.Rejected rejected} otherwise. Chunks may arrive in any index order. A chunk index
 * read twice counts once (the first copy is kept), so a chunk re-read after a restart never doubles records.
 *
 * <p><b>Bounded memory.</b> A batch growing past {@link BatchLimits#maxRecords()} is rejected at once and its
 * records are released. When a new batch starts while {@link BatchLimits#maxPendingBatches()} are incomplete,
 * the oldest incomplete one is given up (rejected). Messages of a rejected batch that arrive later are ignored.
 *
 * <p><b>Offsets.</b> A complete batch stays <i>handed out</i> until {@link #finish} says it was published or
 * skipped. {@link #commitPoint} never passes the first message of an incomplete or handed-out batch; beyond it, the
 * commit names how far reading had got and the batches there that were not finished (see {@link CommitPoint}). An
 * assembler created from that ({@link #BatchAssembler(BatchLimits, CommittedBatches)}) assembles every other batch there
 * again only to rebuild the training horizon: {@link #finishedEarlier(AssembledBatch)} says which, and their rejections
 * were reported by the earlier reader.
 *
 * <p><b>Window parts.</b> A batch whose manifest names a window part (the streams-app writes parts when the input has
 * several partitions) is complete as a part, not as a batch: {@link WindowParts} holds it until its window is
 * settled, then the whole window is handed out under the window's batch id; until then the part holds back the commit
 * point. Progress messages settle windows too. A message hands out at most the oldest window it settled, since the
 * trainer trains one window at a time; {@link #nextDue} hands out the others, one per call, and a window still
 * unsettled after {@link BatchLimits#assemblyTimeout()} with the parts it has. When the window is finished its parts
 * are, so a restart skips the parts of windows finished beyond the committed offset like any finished batch. A part
 * of a window already assembled without it is rejected as late, with its record count.
 *
 * <p>Not thread-safe: one instance per assigned partition, used on the consumer thread.
 */
public final class BatchAssembler {

    private static final int MISSING_CHUNKS_SHOWN = 10;

    private final BatchLimits limits;
    /** Incomplete batches in order of their first message. */
    private final Map<String, OpenBatch> open = new LinkedHashMap<>();
    /** Complete batches being trained, by batch id. */
    private final Map<String, AssembledBatch> handedOut = new HashMap<>();
    private final FinishedBatches finished;
    private final WindowParts parts;
    /** The parts of each handed-out window assembled from parts, by window batch id. */
    private final Map<String, List<AssembledBatch>> partsOfWindows = new HashMap<>();
    private final LongSupplier wallClock;
    /** What the earlier reader committed about the messages beyond its committed offset. */
    private final CommittedBatches committed;
    /**
     * Batches and window parts read again that the earlier reader finished beyond its committed offset: they are
     * assembled again to rebuild the training horizon, not trained (see {@link #finishedEarlier(AssembledBatch)}).
     */
    private final Set<String> finishedEarlier = new HashSet<>();

    /**
     * @param limits    memory limits
     * @param committed what an earlier reader committed about the messages beyond the committed offset (see
     *                  {@link CommitMetadata#decode}); the messages of batches it finished there are ignored
     */
    public BatchAssembler(BatchLimits limits, CommittedBatches committed) {
        this(limits, committed, System::currentTimeMillis);
    }

    /** @param wallClock milliseconds of wall-clock time, which {@link BatchLimits#assemblyTimeout()} is measured in */
    public BatchAssembler(BatchLimits limits, CommittedBatches committed, LongSupplier wallClock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.committed = Objects.requireNonNull(committed, "committed");
        this.finished = new FinishedBatches(committed.finished());
        this.parts = new WindowParts(limits.assemblyTimeout());
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /**
     * Adds the message read at {@code offset}.
     *
     * @return what the message decided: nothing yet (empty), a complete batch, a rejected batch, or (when a
     *         new batch pushes out the oldest incomplete one) that rejection followed by this message's result
     */
    public List<AssemblyResult> add(long offset, BatchMessage message) {
        if (message.getPart() instanceof PartitionProgress progress) {
            return handOut(parts.addProgress(progress, offset));
        }
        String batchId = message.getBatchId();
        if (committed.finishedAt(offset, batchId)) {
            finishedEarlier.add(batchId);
        }
        if (finished.contains(batchId)) {
            if (message.getPart() instanceof BatchManifest) {
                finished.manifestRead(batchId, offset);
            }
            return List.of();
        }
        if (handedOut.containsKey(batchId)) {
            // A copy of a message of a batch that is already complete: it adds nothing.
            return List.of();
        }
        List<AssemblyResult> results = new ArrayList<>(2);
        OpenBatch batch = open.get(batchId);
        if (batch == null) {
            giveUpOldestIfFull(offset).ifPresent(results::add);
            batch = new OpenBatch(batchId, offset);
            open.put(batchId, batch);
        }
        switch (message.getPart()) {
            case BatchChunk chunk -> addChunk(batch, offset, chunk).ifPresent(results::add);
            case BatchManifest manifest -> results.addAll(close(batch, offset, manifest));
            default -> results.add(reject(batch, offset, Optional.empty(),
                    "message part of unknown type " + message.getPart().getClass().getName()));
        }
        return results;
    }

    /**
     * Rejects batch {@code batchId} because its message at {@code offset} cannot be read.
     *
     * @return the rejection; empty if the batch was already accounted for (its rejection was reported
     *         before) or is complete (the message is a stray copy)
     */
    public Optional<AssemblyResult.Rejected> rejectUnreadable(long offset, String batchId, String reason) {
        if (committed.finishedAt(offset, batchId) && !finished.contains(batchId)) {
            // The earlier reader met this message too, and reported the batch's rejection.
            open.remove(batchId);
            finished.finishedBeforeManifest(batchId);
        }
        if (finished.contains(batchId) || handedOut.containsKey(batchId)) {
            return Optional.empty();
        }
        OpenBatch batch = open.computeIfAbsent(batchId, id -> new OpenBatch(id, offset));
        return Optional.of(reject(batch, offset, Optional.empty(), reason));
    }

    /**
     * The oldest window that is due ({@link WindowParts#nextDue}): settled by a message that settled an older one too,
     * or waited {@link BatchLimits#assemblyTimeout()} without every input partition settling it, then handed out with
     * the parts it has (its manifest names the missing partitions); empty if none.
     */
    public List<AssemblyResult> nextDue() {
        return handOut(parts.nextDue(wallClock.getAsLong()));
    }

    /** See {@link WindowParts#settleBefore}: the windows an earlier reader finished, handed out to be marked replayed. */
    public List<AssemblyResult> settleBefore(long offset) {
        return handOut(parts.settleBefore(offset));
    }

    /** Marks a handed-out batch as published or skipped: it no longer holds back the commit point. */
    public void finish(String batchId) {
        AssembledBatch batch = handedOut.remove(batchId);
        if (batch == null) {
            throw new IllegalStateException("batch " + batchId + " is not being trained");
        }
        List<AssembledBatch> windowParts = partsOfWindows.remove(batchId);
        finishedEarlier.remove(batchId);
        if (windowParts == null) {
            finished.finishedWithManifestAt(batchId, batch.manifestOffset());
        } else {
            windowParts.forEach(part -> finishedEarlier.remove(part.batchId()));
            windowParts.forEach(part -> finished.finishedWithManifestAt(part.batchId(), part.manifestOffset()));
        }
    }

    /**
     * The point to commit now, given that every message before {@code nextOffset} has been added. Forgets
     * finished batches the point has passed: call it only to commit, and after a failed commit replace this
     * assembler with one built from the committed state.
     */
    public CommitPoint commitPoint(long nextOffset) {
        List<CommitPoint.BatchAt> unfinished = new ArrayList<>();
        open.values().forEach(batch -> unfinished.add(new CommitPoint.BatchAt(batch.batchId, batch.firstOffset)));
        for (AssembledBatch batch : handedOut.values()) {
            List<AssembledBatch> windowParts = partsOfWindows.getOrDefault(batch.batchId(), List.of(batch));
            windowParts.forEach(part -> unfinished.add(new CommitPoint.BatchAt(part.batchId(), part.firstOffset())));
        }
        parts.waitingParts().forEach(part -> unfinished.add(new CommitPoint.BatchAt(part.batchId(), part.firstOffset())));
        // What the earlier reader finished stays finished, however far its rebuild got.
        unfinished.removeIf(batch -> finishedEarlier.contains(batch.batchId()));
        long offset = unfinished.stream().mapToLong(CommitPoint.BatchAt::offset).reduce(nextOffset, Math::min);
        long readThrough = nextOffset;
        if (nextOffset < committed.readThrough()) {
            // Not yet read as far as the earlier reader: its range stays, with its unfinished batches not seen since
            // (their first message is still ahead, at nextOffset at the earliest).
            readThrough = committed.readThrough();
            Set<String> known = new HashSet<>();
            unfinished.forEach(batch -> known.add(batch.batchId()));
            committed.unfinished().stream().filter(id -> !known.contains(id) && !finished.contains(id))
                    .forEach(id -> unfinished.add(new CommitPoint.BatchAt(id, nextOffset)));
        }
        return new CommitPoint(offset, readThrough, unfinished, finished.neededFrom(offset));
    }

    /**
     * Whether complete {@code batch} was finished by the earlier reader beyond its committed offset (a window: any of
     * its parts was): it only rebuilds the training horizon, as a batch before the committed offset does.
     */
    public boolean finishedEarlier(AssembledBatch batch) {
        List<AssembledBatch> windowParts = partsOfWindows.get(batch.batchId());
        return windowParts == null ? finishedEarlier.contains(batch.batchId())
                : windowParts.stream().anyMatch(part -> finishedEarlier.contains(part.batchId()));
    }

    /** Whether the rejected batch {@code batchId} was finished by the earlier reader, which reported it. */
    public boolean finishedEarlier(String batchId) {
        return finishedEarlier.contains(batchId);
    }

    /** Whether handed-out batch {@code batchId} is a window assembled from input partitions' parts. */
    public boolean isAssembledFromParts(String batchId) {
        return partsOfWindows.containsKey(batchId);
    }

    /** Records held by incomplete batches and by window parts waiting for the others. */
    public long recordsHeld() {
        return open.values().stream().mapToLong(OpenBatch::recordCount).sum() + parts.recordsHeld();
    }

    /**
     * Whether nothing read waits: no batch is incomplete or being trained and no window part waits for the other input
     * partitions. Then every message read is accounted for, and the commit point is where reading has got to.
     */
    public boolean holdsNothing() {
        return open.isEmpty() && handedOut.isEmpty() && parts.pendingWindows() == 0;
    }

    /** Number of incomplete batches, and of windows whose parts wait for the others. */
    public int pendingBatches() {
        return open.size() + parts.pendingWindows();
    }

    private Optional<AssemblyResult> addChunk(OpenBatch batch, long offset, BatchChunk chunk) {
        int index = chunk.getChunkIndex();
        if (index < 0) {
            return Optional.of(reject(batch, offset, Optional.empty(), "chunk index " + index + " is negative"));
        }
        if (batch.chunks.containsKey(index)) {
            return Optional.empty();
        }
        long records = batch.recordCount() + chunk.getRecords().size();
        if (records > limits.maxRecords()) {
            return Optional.of(reject(batch, offset, Optional.empty(), "batch has more than " + limits.maxRecords()
                    + " records, the limit set by " + TrainerConfig.BATCH_MAX_RECORDS_CONFIG));
        }
        batch.chunks.put(index, chunk.getRecords());
        return Optional.empty();
    }

    private List<AssemblyResult> close(OpenBatch batch, long offset, BatchManifest manifest) {
        Optional<String> problem = batch.problemWith(manifest);
        if (problem.isPresent()) {
            return List.of(reject(batch, offset, Optional.of(manifest), problem.get()));
        }
        open.remove(batch.batchId);
        AssembledBatch complete = new AssembledBatch(batch.batchId, manifest, batch.records(), batch.firstOffset,
                offset);
        WindowPart part = manifest.getPart();
        if (part == null) {
            handedOut.put(batch.batchId, complete);
            return List.of(new AssemblyResult.Complete(complete));
        }
        if (parts.isLate(part)) {
            finished.finishedWithManifestAt(batch.batchId, offset);
            return List.of(new AssemblyResult.Rejected(batch.batchId, "late part: window " + part.getWindowBatchId()
                    + " was assembled before input partition " + part.getProgress().getInputPartition()
                    + "'s part arrived", offset, Optional.of(manifest), complete.records().size()));
        }
        if (parts.isAssembledWith(part)) {
            return List.of();
        }
        return handOut(parts.addPart(complete, wallClock.getAsLong()));
    }

    private List<AssemblyResult> handOut(List<WindowParts.Assembled> windows) {
        List<AssemblyResult> results = new ArrayList<>(windows.size());
        for (WindowParts.Assembled assembled : windows) {
            AssembledBatch window = assembled.window();
            handedOut.put(window.batchId(), window);
            partsOfWindows.put(window.batchId(), assembled.parts());
            results.add(new AssemblyResult.Complete(window));
        }
        return results;
    }

    private Optional<AssemblyResult> giveUpOldestIfFull(long offset) {
        if (open.size() < limits.maxPendingBatches()) {
            return Optional.empty();
        }
        OpenBatch oldest = open.values().iterator().next();
        return Optional.of(reject(oldest, offset, Optional.empty(), "still incomplete when "
                + limits.maxPendingBatches() + " newer batches were pending; raise "
                + TrainerConfig.BATCH_MAX_PENDING_CONFIG + " if batches interleave this much"));
    }

    private AssemblyResult.Rejected reject(OpenBatch batch, long offset, Optional<BatchManifest> manifest,
                                           String reason) {
        open.remove(batch.batchId);
        if (manifest.isPresent()) {
            finished.finishedWithManifestAt(batch.batchId, offset);
        } else {
            finished.finishedBeforeManifest(batch.batchId);
        }
        return new AssemblyResult.Rejected(batch.batchId, reason, offset, manifest, batch.recordCount());
    }

    /** The chunks of one incomplete batch, by chunk index. */
    private static final class OpenBatch {
        private final String batchId;
        private final long firstOffset;
        private final TreeMap<Integer, List<CleanRecord>> chunks = new TreeMap<>();

        OpenBatch(String batchId, long firstOffset) {
            this.batchId = batchId;
            this.firstOffset = firstOffset;
        }

        long recordCount() {
            return chunks.values().stream().mapToLong(List::size).sum();
        }

        List<CleanRecord> records() {
            List<CleanRecord> records = new ArrayList<>(Math.toIntExact(recordCount()));
            chunks.values().forEach(records::addAll);
            return records;
        }

        Optional<String> problemWith(BatchManifest manifest) {
            int chunkCount = manifest.getChunkCount();
            if (chunkCount < 0) {
                return Optional.of("manifest has a negative chunk count " + chunkCount);
            }
            if (!chunks.isEmpty() && chunks.lastKey() >= chunkCount) {
                return Optional.of("chunk index " + chunks.lastKey() + " is beyond the manifest's chunk count "
                        + chunkCount);
            }
            List<Integer> missing = IntStream.range(0, chunkCount).filter(i -> !chunks.containsKey(i)).boxed().toList();
            if (!missing.isEmpty()) {
                return Optional.of("incomplete: " + missing.size() + " of " + chunkCount + " chunks never arrived "
                        + (missing.size() > MISSING_CHUNKS_SHOWN
                        ? missing.subList(0, MISSING_CHUNKS_SHOWN) + "..." : missing.toString()));
            }
            if (recordCount() != manifest.getRecordCount()) {
                return Optional.of("manifest counts " + manifest.getRecordCount() + " records but its chunks hold "
                        + recordCount());
            }
            return Optional.empty();
        }
    }
}
