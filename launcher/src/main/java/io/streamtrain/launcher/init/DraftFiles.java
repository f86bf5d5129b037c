package io.streamtrain.launcher.init;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link PipelineDraft} as the two files a pipeline needs: {@code <name>.avsc}, each field with a {@code doc} saying
 * what it is and why it has its type, and {@code <name>.properties}, each key with a comment saying why.
 */
final class DraftFiles {

    private DraftFiles() {
    }

    /** The schema file's name for {@code draft}. */
    static String schemaFileName(PipelineDraft draft) {
        return draft.name() + ".avsc";
    }

    /** The properties file's name for {@code draft}. */
    static String propertiesFileName(PipelineDraft draft) {
        return draft.name() + ".properties";
    }

    /**
     * Writes both files into {@code folder}.
     *
     * @param replace whether existing files may be replaced
     * @throws FileAlreadyExistsException when a file exists and {@code replace} is false; nothing is written then
     */
    static void write(PipelineDraft draft, Path source, Path folder, boolean replace) throws IOException {
        Path schema = folder.resolve(schemaFileName(draft));
        Path properties = folder.resolve(propertiesFileName(draft));
        for (Path file : List.of(schema, properties)) {
            if (!replace && Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "pass --force to replace it");
            }
        }
        Files.createDirectories(folder);
        StandardOpenOption[] options = {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE};
        Files.writeString(schema, schema(draft, source), StandardCharsets.UTF_8, options);
        Files.writeString(properties, properties(draft, source), StandardCharsets.UTF_8, options);
    }

    static String schema(PipelineDraft draft, Path source) {
        List<String> fields = new ArrayList<>();
        for (PipelineDraft.Field field : draft.fields()) {
            String type = field.nullable() ? "[\"null\", " + field.type() + "], \"default\": null" : field.type();
            fields.add("    {\"name\": \"" + field.name() + "\", \"type\": " + type + ",\n     \"doc\": \"" + escape(field.doc()) + "\"}");
        }
        return "{\n  \"type\": \"record\",\n  \"name\": \"" + recordName(draft.name()) + "\",\n  \"namespace\": \"streamtrain.pipelines\",\n"
                + "  \"doc\": \"" + escape("Written by 'streamtrain init' from " + source.getFileName() + " (" + draft.rows()
                + " rows read). Each field's doc says why it has its type; edit freely.") + "\",\n"
                + "  \"fields\": [\n" + String.join(",\n", fields) + "\n  ]\n}\n";
    }

    static String properties(PipelineDraft draft, Path source) {
        StringBuilder text = new StringBuilder();
        text.append("# Pipeline ").append(draft.name()).append(", written by 'streamtrain init' from ").append(source.getFileName())
                .append(" (").append(draft.rows()).append(" rows read).\n")
                .append("# Every key, its default and its allowed values: \"Pipeline keys\" in streamtrain's README. Edit freely.\n\n");
        key(text, "The pipeline's name: its topics are " + draft.name() + ".records, " + draft.name() + ".models, ...",
                "pipeline.name", draft.name());
        key(text, "The records' Avro schema, relative to this file.", "input.schema", schemaFileName(draft));
        key(text, "The id: " + draft.idReason() + ".", "input.id.field", draft.idField());
        key(text, "The event time: " + draft.timeReason() + ".", "input.timestamp.field", draft.timeField());
        key(text, "What to predict.", "label.field", draft.labelField());
        key(text, "Every other field is a feature, typed from the schema. The task: " + draft.taskReason() + ".", "task", draft.task());
        if (!draft.excluded().isEmpty()) {
            key(text, "Fields that look like free text or identifiers, not categories: kept in the records, not used as features.",
                    "feature.fields.exclude", String.join(",", draft.excluded()));
        }
        key(text, "Each window of records trains one model: " + draft.windowReason() + ".", "window.size.ms",
                String.valueOf(draft.windowMillis()));
        key(text, "Close the open window after this long without records (so the last window of a file trains too).",
                "window.idle.close.ms", "2000");
        key(text, "A window with fewer records trains no model.", "train.min.records", String.valueOf(Math.max(10, Math.min(50,
                draft.rows() / 4))));
        return text.toString();
    }

    private static void key(StringBuilder text, String comment, String key, String value) {
        text.append("# ").append(comment).append('\n').append(key).append('=').append(value).append("\n\n");
    }

    /** An Avro record name from a pipeline name: churn-2024 becomes Churn2024. */
    static String recordName(String pipeline) {
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (char c : pipeline.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "Record" + name : name.toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
