package io.streamtrain.trainer.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches already accounted for (trained, skipped or rejected) whose messages may still be read, so that
 * their remaining chunks and manifest are ignored. An entry is needed until a commit passes its manifest;
 * a batch given up before its manifest stays until the manifest is read, or until {@link #CAPACITY} newer
 * entries push it out (a bound on memory while one waiting window holds the commit point back for long).
 */
final class FinishedBatches {

    static final int CAPACITY = 8_192;
    private static final long MANIFEST_NOT_SEEN = Long.MAX_VALUE;

    private final Map<String, Long> manifestOffsets = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    FinishedBatches(List<String> finishedBeforeStart) {
        finishedBeforeStart.forEach(id -> manifestOffsets.put(id, MANIFEST_NOT_SEEN));
    }

    boolean contains(String batchId) {
        return manifestOffsets.containsKey(batchId);
    }

    void finishedWithManifestAt(String batchId, long manifestOffset) {
        manifestOffsets.put(batchId, manifestOffset);
    }

    void finishedBeforeManifest(String batchId) {
        manifestOffsets.put(batchId, MANIFEST_NOT_SEEN);
    }

    /** Records where a finished batch's manifest was read; from then on the batch has no more messages. */
    void manifestRead(String batchId, long offset) {
        manifestOffsets.computeIfPresent(batchId, (id, known) -> Math.min(known, offset));
    }

    /**
     * Forgets batches entirely before {@code commitOffset} and returns those still needed beyond it, with the offset of
     * their manifest ({@link Long#MAX_VALUE} if it has not been read).
     */
    List<CommitPoint.BatchAt> neededFrom(long commitOffset) {
        manifestOffsets.values().removeIf(manifestOffset -> manifestOffset < commitOffset);
        return manifestOffsets.entrySet().stream()
                .map(entry -> new CommitPoint.BatchAt(entry.getKey(), entry.getValue())).toList();
    }
}
