package io.streamtrain.trainer.batch;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes the ids of finished batches, and where the partition's training horizon starts, into the metadata string
 * of a committed offset: {@code st1:} followed by the URL-encoded ids separated by commas, or, when the trainer holds a
 * horizon, {@code st2:<horizon start offset>:} followed by the ids. The horizon start is the batches-topic offset
 * from which a new reader re-assembles the horizon's windows (see {@code WindowHorizon}).
 *
 * <p>Brokers refuse metadata over {@code offset.metadata.max.bytes} (4096 by default), so at most
 * {@link #MAX_CHARS} characters are written; ids that do not fit are left out with a warning, and those
 * batches may be trained once more after a restart. Metadata written by anything else decodes as no ids.
 */
public final class CommitMetadata {

    /** Longest metadata written, safely under the broker's default limit. */
    public static final int MAX_CHARS = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(CommitMetadata.class);
    private static final String PREFIX = "st1:";
    private static final String HORIZON_PREFIX = "st2:";

    private CommitMetadata() {
    }

    /** The metadata naming {@code finishedBatchIds}, earliest first, cut at {@link #MAX_CHARS}. */
    public static String encode(List<String> finishedBatchIds) {
        return encode(finishedBatchIds, OptionalLong.empty());
    }

    /** The metadata naming {@code finishedBatchIds} (cut at {@link #MAX_CHARS}) and the horizon's start, if any. */
    public static String encode(List<String> finishedBatchIds, OptionalLong horizonStart) {
        String prefix = horizonStart.isPresent() ? HORIZON_PREFIX + horizonStart.getAsLong() + ":" : PREFIX;
        StringBuilder metadata = new StringBuilder(prefix);
        for (int i = 0; i < finishedBatchIds.size(); i++) {
            String encoded = URLEncoder.encode(finishedBatchIds.get(i), StandardCharsets.UTF_8);
            int separator = metadata.length() > prefix.length() ? 1 : 0;
            if (metadata.length() + separator + encoded.length() > MAX_CHARS) {
                LOG.warn("Offset metadata can name only {} of {} finished batches; {} and {} later ones may be trained "
                        + "again after a restart", i, finishedBatchIds.size(), finishedBatchIds.get(i),
                        finishedBatchIds.size() - i - 1);
                break;
            }
            metadata.append(separator == 1 ? "," : "").append(encoded);
        }
        return metadata.toString();
    }

    /** The batch ids in {@code metadata}; empty for null, empty or foreign metadata. */
    public static List<String> decode(String metadata) {
        String ids = idsPart(metadata);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> decoded = new ArrayList<>();
        for (String encoded : ids.split(",")) {
            decoded.add(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        }
        return List.copyOf(decoded);
    }

    /** Where the training horizon starts, per {@code metadata}; empty when it names none (or is foreign). */
    public static OptionalLong horizonStart(String metadata) {
        if (metadata == null || !metadata.startsWith(HORIZON_PREFIX)) {
            return OptionalLong.empty();
        }
        int end = metadata.indexOf(':', HORIZON_PREFIX.length());
        try {
            return end < 0 ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(metadata.substring(HORIZON_PREFIX.length(), end)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The comma-separated ids of {@code metadata}; empty for null, empty or foreign metadata. */
    private static String idsPart(String metadata) {
        if (metadata == null) {
            return "";
        }
        if (metadata.startsWith(PREFIX)) {
            return metadata.substring(PREFIX.length());
        }
        if (horizonStart(metadata).isPresent()) {
            return metadata.substring(metadata.indexOf(':', HORIZON_PREFIX.length()) + 1);
        }
        return "";
    }
}
