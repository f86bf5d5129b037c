package io.streamtrain.trainer.batch;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes a {@link CommitPoint}, and where the partition's training horizon starts, into the metadata string of a
 * committed offset: {@code st3:<horizon start>:<read through>:<unfinished ids>:<finished ids>}, the ids URL-encoded and
 * separated by commas, the horizon start empty when the trainer holds no horizon. The horizon start is the
 * batches-topic offset from which a new reader re-assembles the horizon's windows (see {@code WindowHorizon}).
 *
 * <p>Brokers refuse metadata over {@code offset.metadata.max.bytes} (4096 by default), so at most {@link #MAX_CHARS}
 * characters are written. The unfinished ids come first, since leaving one out would lose its records: when they do
 * not all fit, {@code read through} is moved back to the first one left out, so the next reader assembles that batch and
 * everything after it again (batches finished there may then be trained once more, with a warning). Finished ids that
 * do not fit are left out with a warning.
 *
 * <p>Metadata of earlier versions ({@code st1:<finished ids>}, {@code st2:<horizon start>:<finished ids>}) is read as
 * nothing read beyond the committed offset but the finished ids; anything else decodes as nothing beyond the offset.
 */
public final class CommitMetadata {

    /** Longest metadata written, safely under the broker's default limit. */
    public static final int MAX_CHARS = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(CommitMetadata.class);
    private static final String PREFIX = "st3:";
    private static final String LEGACY_PREFIX = "st1:";
    private static final String LEGACY_HORIZON_PREFIX = "st2:";

    private CommitMetadata() {
    }

    /** The metadata of {@code point} and the horizon's start, if any, cut at {@link #MAX_CHARS}. */
    public static String encode(CommitPoint point, OptionalLong horizonStart) {
        String horizon = horizonStart.isPresent() ? Long.toString(horizonStart.getAsLong()) : "";
        // Room for the longest read-through offset and the separators, so that the cut below is the only one.
        int budget = MAX_CHARS - PREFIX.length() - horizon.length() - Long.toString(Long.MAX_VALUE).length() - 3;
        long readThrough = point.readThrough();
        StringBuilder unfinished = new StringBuilder();
        for (CommitPoint.BatchAt batch : point.unfinished()) {
            if (!append(unfinished, batch.batchId(), budget)) {
                readThrough = Math.max(point.offset(), Math.min(readThrough, batch.offset()));
                LOG.warn("Offset metadata can name only {} of {} unfinished batches; the next reader assembles {} and "
                        + "everything after offset {} again, and batches finished there may be trained again",
                        point.unfinished().indexOf(batch), point.unfinished().size(), batch.batchId(), readThrough);
                break;
            }
        }
        StringBuilder finished = new StringBuilder();
        int finishedBudget = budget - unfinished.length();
        // Batches finished before read-through are known by the range; the others must be named.
        long covered = readThrough;
        List<CommitPoint.BatchAt> stillNeeded = point.finished().stream().filter(batch -> batch.offset() >= covered)
                .toList();
        for (CommitPoint.BatchAt batch : stillNeeded) {
            if (!append(finished, batch.batchId(), finishedBudget)) {
                LOG.warn("Offset metadata can name only {} of {} finished batches whose messages may still be read; "
                        + "{} and later ones may be assembled again", stillNeeded.indexOf(batch), stillNeeded.size(),
                        batch.batchId());
                break;
            }
        }
        return PREFIX + horizon + ":" + readThrough + ":" + unfinished + ":" + finished;
    }

    /** What {@code metadata}, committed with {@code offset}, says about the messages from there on. */
    public static CommittedBatches decode(long offset, String metadata) {
        if (metadata == null) {
            return CommittedBatches.nothingBeyond(offset);
        }
        if (metadata.startsWith(LEGACY_PREFIX) || metadata.startsWith(LEGACY_HORIZON_PREFIX)) {
            String ids = metadata.startsWith(LEGACY_PREFIX) ? metadata.substring(LEGACY_PREFIX.length())
                    : metadata.substring(metadata.indexOf(':', LEGACY_HORIZON_PREFIX.length()) + 1);
            return new CommittedBatches(offset, offset, Set.of(), ids(ids));
        }
        String[] fields = fields(metadata);
        if (fields.length == 0) {
            return CommittedBatches.nothingBeyond(offset);
        }
        try {
            return new CommittedBatches(offset, Long.parseLong(fields[1]), Set.copyOf(ids(fields[2])), ids(fields[3]));
        } catch (NumberFormatException e) {
            return CommittedBatches.nothingBeyond(offset);
        }
    }

    /** Where the training horizon starts, per {@code metadata}; empty when it names none (or is foreign). */
    public static OptionalLong horizonStart(String metadata) {
        String horizon;
        if (metadata != null && metadata.startsWith(LEGACY_HORIZON_PREFIX)) {
            int end = metadata.indexOf(':', LEGACY_HORIZON_PREFIX.length());
            horizon = end < 0 ? "" : metadata.substring(LEGACY_HORIZON_PREFIX.length(), end);
        } else {
            String[] fields = fields(metadata);
            horizon = fields.length == 0 ? "" : fields[0];
        }
        try {
            return horizon.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(horizon));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Appends {@code id}, URL-encoded, to {@code ids} if the result stays within {@code budget} characters. */
    private static boolean append(StringBuilder ids, String id, int budget) {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
        int separator = ids.isEmpty() ? 0 : 1;
        if (ids.length() + separator + encoded.length() > budget) {
            return false;
        }
        ids.append(separator == 1 ? "," : "").append(encoded);
        return true;
    }

    /** The four fields of current metadata; none for null or foreign metadata. */
    private static String[] fields(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return new String[0];
        }
        String[] fields = metadata.substring(PREFIX.length()).split(":", -1);
        return fields.length == 4 ? fields : new String[0];
    }

    private static List<String> ids(String joined) {
        if (joined.isEmpty()) {
            return List.of();
        }
        List<String> decoded = new ArrayList<>();
        Arrays.stream(joined.split(",")).forEach(id -> decoded.add(URLDecoder.decode(id, StandardCharsets.UTF_8)));
        return List.copyOf(decoded);
    }
}
