package io.streamtrain.launcher.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;

/** The check {@code produce} and {@code score} make of their input file before they send or score anything. */
public final class InputFile {

    private InputFile() {
    }

    /**
     * The format of {@code file}, once it is known to be readable, of a known format, and to carry every field
     * {@code schema} requires.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, its extension names no format, or it lacks
     *                                  a required field (see {@link RequiredFields#requireColumns})
     */
    public static InputFormat check(Path file, Schema schema, String idField) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        InputFormat format = InputFormat.of(file);
        RequiredFields.requireColumns(file, format, schema, idField);
        return format;
    }
}
