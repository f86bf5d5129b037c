package io.streamtrain.trainer.batch;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes the ids of finished batches into the metadata string of a committed offset:
 * {@code st1:} followed by the URL-encoded ids separated by commas.
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

    private CommitMetadata() {
    }

    /** The metadata naming {@code finishedBatchIds}, earliest first, cut at {@link #MAX_CHARS}. */
    public static String encode(List<String> finishedBatchIds) {
        StringBuilder metadata = new StringBuilder(PREFIX);
        for (int i = 0; i < finishedBatchIds.size(); i++) {
            String encoded = URLEncoder.encode(finishedBatchIds.get(i), StandardCharsets.UTF_8);
            int separator = metadata.length() > PREFIX.length() ? 1 : 0;
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
        if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String encoded : metadata.substring(PREFIX.length()).split(",")) {
            ids.add(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        }
        return List.copyOf(ids);
    }
}
