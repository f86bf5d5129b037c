package io.streamtrain.streams.backfill;

import io.streamtrain.messages.BackfillRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One bounded re-run of a pipeline's topology over records still in its input topic.
 *
 * @param runId      names the run: part of its Streams application id and of every batch id it writes; 1 to 16
 *                   lower-case letters and digits
 * @param from       the requested start, as given to {@code --from}
 * @param to         the requested end (exclusive), as given to {@code --to}; empty: the end offsets at the start
 * @param endOffsets per input partition, the first offset after the range: records at or after it are not re-windowed
 * @param idleClose  how long without a record before the run's open windows close; once the range is read, this
 *                   closes the last windows
 */
public record BackfillRequest(String runId, Instant from, Optional<Instant> to, Map<Integer, Long> endOffsets,
                              Duration idleClose) {

    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9]{1,16}");

    public BackfillRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(idleClose, "idleClose");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId must be 1 to 16 lower-case letters and digits, was '" + runId + "'");
        }
        endOffsets = Map.copyOf(endOffsets);
        if (endOffsets.isEmpty()) {
            throw new IllegalArgumentException("endOffsets must name every input partition, was empty");
        }
        endOffsets.forEach((partition, offset) -> {
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("invalid end offset " + offset + " of partition " + partition);
            }
        });
        if (!idleClose.isPositive()) {
            throw new IllegalArgumentException("idleClose must be positive, was " + idleClose);
        }
    }

    /** What every manifest of the run carries, so that the trainer marks the models it trains as backfill. */
    public BackfillRun marker() {
        return BackfillRun.newBuilder().setRunId(runId).setRequestedFrom(from).setRequestedTo(to.orElse(null)).build();
    }

    /** The first offset after the range in {@code partition}; a partition the range does not name has no records in it. */
    public long endOffset(int partition) {
        return endOffsets.getOrDefault(partition, 0L);
    }
}
