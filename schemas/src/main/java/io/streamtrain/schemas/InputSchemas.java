package io.streamtrain.schemas;

import io.streamtrain.demo.DemoRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.avro.Schema;

/** Loads the Avro schema of a pipeline's input records. */
public final class InputSchemas {

    private InputSchemas() {
    }

    /** The bundled demo input schema. */
    public static Schema demo() {
        return DemoRecord.getClassSchema();
    }

    /** Parses a record schema from an {@code .avsc} file. */
    public static Schema fromFile(Path file) {
        try {
            Schema schema = new Schema.Parser().parse(file.toFile());
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException(file + " defines a " + schema.getType().getName() + ", not a record");
            }
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Avro schema " + file, e);
        }
    }
}
