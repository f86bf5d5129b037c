package io.streamtrain.launcher.input;

import java.nio.file.Path;
import java.util.Locale;

/** The formats {@code produce} reads, chosen by the file's extension. */
public enum InputFormat {
    /** A header row naming the fields, then one record per line. */
    CSV,
    /** One JSON object per line, sent as it is. */
    JSONL;

    /**
     * @throws IllegalArgumentException for another extension, naming the accepted ones
     */
    public static InputFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file + ": use a .csv file (header row, then one record "
                + "per line) or a .jsonl file (one JSON object per line)");
    }
}
