package io.streamtrain.bench.horizon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro input schema of a data set's pipelines, written to a temporary file for {@code input.schema}: a string
 * id, the class as an optional string and every feature as a double, named as in the data set with characters Avro
 * names cannot hold replaced by {@code _}.
 *
 * @param schema the schema
 * @param path   the file it was written to
 */
record PipelineSchema(Schema schema, Path path) {

    static final String ID_FIELD = "id";
    static final String LABEL_FIELD = "label";

    static PipelineSchema write(StreamedDataSet dataSet) throws IOException {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(avroName(dataSet.name()) + "Row")
                .namespace("io.streamtrain.bench.horizon").fields()
                .requiredString(ID_FIELD)
                .optionalString(LABEL_FIELD);
        for (String feature : dataSet.featureNames()) {
            fields = fields.requiredDouble(avroName(feature));
        }
        Schema schema = fields.endRecord();
        Path path = Files.createTempFile(dataSet.name() + "-", ".avsc");
        path.toFile().deleteOnExit();
        Files.writeString(path, schema.toString(true));
        return new PipelineSchema(schema, path);
    }

    /** The feature fields in column order. */
    List<Schema.Field> features() {
        return schema.getFields().subList(2, schema.getFields().size());
    }

    private static String avroName(String name) {
        String replaced = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(replaced.charAt(0)) ? "_" + replaced : replaced;
    }
}
