package io.streamtrain.launcher.init;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pipeline definition inferred from a sample file: each column's Avro type and role, and the few keys that depend on the
 * data (task, id, event time, window). Every decision carries the reason, which the written files show as comments.
 *
 * @param name        the pipeline's name
 * @param fields      the schema's fields, in file order, then a generated id if any
 * @param idField     the id field
 * @param idReason    why it is the id
 * @param timeField   the event-time field, or empty for the Kafka record timestamp
 * @param timeReason  why
 * @param labelField  the label field
 * @param task        classification or regression
 * @param taskReason  why
 * @param excluded    fields kept in the schema but not used as features
 * @param windowMillis window.size.ms
 * @param windowReason why
 * @param rows        rows profiled
 */
record PipelineDraft(String name, List<Field> fields, String idField, String idReason, String timeField, String timeReason,
                     String labelField, String task, String taskReason, List<String> excluded, long windowMillis, String windowReason,
                     long rows) {

    /** A string column with more distinct values than this share of the rows is text or an identifier, not a category. */
    static final double MAX_CATEGORY_SHARE = 0.5;
    /** Whole-number labels with at most this many values are classes; more make a regression. */
    static final int MAX_CLASSES = 20;
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MINUTE = 60_000L;

    /**
     * One field of the schema.
     *
     * @param type     the Avro type as JSON: a type name, a timestamp-millis long, or a union with null
     * @param nullable whether the field is a union with null and defaults to null
     * @param doc      what the field is and why it has this type
     */
    record Field(String name, String type, boolean nullable, String doc) {
    }

    /**
     * Infers the draft.
     *
     * @param span the earliest and latest value of the event-time column, read when one is chosen
     * @throws IllegalArgumentException when the label column is missing or a column name is not a valid Avro name
     */
    static PipelineDraft infer(String name, SampleFile sample, String label, SpanReader span) throws IOException {
        ColumnProfile labelColumn = sample.columns().stream().filter(c -> c.name().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--label " + label + " is not a column of " + sample.file()
                        + "; its columns are " + sample.columns().stream().map(ColumnProfile::name).toList()));
        List<String> invalid = sample.columns().stream().map(ColumnProfile::name).filter(n -> !AVRO_NAME.matcher(n).matches()).toList();
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("the column names " + invalid + " of " + sample.file() + " are not valid field names "
                    + "(letters, digits and _, not starting with a digit); rename them in the file");
        }
        Optional<ColumnProfile> id = sample.columns().stream().filter(c -> c != labelColumn && soundsLikeId(c.name()) && c.isUnique())
                .findFirst();
        Optional<ColumnProfile> time = sample.columns().stream().filter(c -> c != labelColumn && c.isTimestamp()).findFirst();

        List<Field> fields = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        String task = task(labelColumn);
        for (ColumnProfile column : sample.columns()) {
            if (id.isPresent() && column == id.get()) {
                fields.add(new Field(column.name(), column.isWhole() ? "\"long\"" : "\"string\"", false,
                        "The record id: unique in the sample."));
            } else if (time.isPresent() && column == time.get()) {
                fields.add(new Field(column.name(), column.isIsoInstant()
                        ? "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}" : "\"long\"", false,
                        "The event time: " + (column.isIsoInstant() ? "ISO-8601 instants" : "epoch milliseconds") + "."));
            } else if (column == labelColumn) {
                String type = column.isBoolean() ? "\"boolean\"" : task.equals("regression") ? "\"double\""
                        : column.isWhole() ? "\"long\"" : "\"string\"";
                fields.add(new Field(column.name(), type, true, "The label (" + task + "); null in records to score."));
            } else {
                fields.add(feature(column, sample.rows(), excluded));
            }
        }
        String idField;
        String idReason;
        if (id.isPresent()) {
            idField = id.get().name();
            idReason = "column " + idField + ": its name says id and every value in the sample is distinct";
        } else {
            idField = freeName(sample, "id");
            idReason = "the file has no id column (a column named like id whose values are all distinct): 'streamtrain produce' "
                    + "and 'score' give each CSV row the id <file name>:<line number>";
            fields.add(new Field(idField, "\"string\"", false, "The record id, generated from the file name and line number."));
        }
        String timeField = time.map(ColumnProfile::name).orElse("");
        long windowMillis = 10 * MINUTE;
        String windowReason = "ten minutes of records per model; a window also closes after 2 s without records, so a file "
                + "sent at once trains one model";
        String timeReason = "the file has no time column: the Kafka record timestamp (when the record was sent) is the event time";
        if (time.isPresent()) {
            timeReason = "column " + timeField + ": " + (time.get().isIsoInstant() ? "every value is an ISO-8601 instant"
                    : "its name says time and every value is epoch milliseconds");
            long[] range = span.read(timeField);
            long covering = ((range[1] - range[0]) / MINUTE + 1) * MINUTE;
            windowMillis = Math.max(10 * MINUTE, covering);
            windowReason = "the sample's event times span " + (range[1] - range[0]) / 1000 + " s: one window covers them, "
                    + "so the file trains one model; lower it for a live stream";
        }
        return new PipelineDraft(name, fields, idField, idReason, timeField, timeReason, label, task, taskReason(labelColumn, task),
                excluded, windowMillis, windowReason, sample.rows());
    }

    /** Reads the span of an event-time column. */
    interface SpanReader {
        long[] read(String column) throws IOException;
    }

    private static Field feature(ColumnProfile column, long rows, List<String> excluded) {
        String missing = column.hasBlanks() ? "; blank values are missing and imputed" : "";
        if (column.isBoolean()) {
            return new Field(column.name(), "\"boolean\"", column.hasBlanks(), "A feature: true/false, used as 0/1" + missing + ".");
        }
        if (column.isWhole()) {
            return new Field(column.name(), "\"long\"", column.hasBlanks(), "A numeric feature: whole numbers" + missing + ".");
        }
        if (column.isNumeric()) {
            return new Field(column.name(), "\"double\"", column.hasBlanks(), "A numeric feature" + missing + ".");
        }
        int distinct = column.distinctValues();
        if (distinct < 0 || rows >= 20 && distinct > MAX_CATEGORY_SHARE * rows) {
            excluded.add(column.name());
            return new Field(column.name(), "\"string\"", true, "Text with " + (distinct < 0 ? "over " + ColumnProfile.MAX_DISTINCT
                    : distinct) + " distinct values in " + rows + " rows: not used as a feature (feature.fields.exclude).");
        }
        return new Field(column.name(), "\"string\"", column.hasBlanks(), "A categorical feature with " + distinct
                + " values in the sample, one-hot encoded" + missing + ".");
    }

    private static String task(ColumnProfile label) {
        if (label.isBoolean() || !label.isNumeric()) {
            return "classification";
        }
        return label.isWhole() && label.distinctValues() >= 0 && label.distinctValues() <= MAX_CLASSES ? "classification" : "regression";
    }

    private static String taskReason(ColumnProfile label, String task) {
        if (task.equals("regression")) {
            return "the label " + label.name() + " is numeric with " + (label.distinctValues() < 0 ? "many" : label.distinctValues())
                    + " distinct values";
        }
        return "the label " + label.name() + " has " + label.distinctValues() + " classes: " + String.join(", ", label.someValues())
                + (label.distinctValues() > 5 ? ", ..." : "");
    }

    private static boolean soundsLikeId(String column) {
        String lower = column.toLowerCase(Locale.ROOT);
        return lower.equals("id") || lower.endsWith("_id") || lower.endsWith("id") && Character.isUpperCase(column.charAt(column.length() - 2));
    }

    private static String freeName(SampleFile sample, String wanted) {
        String candidate = wanted;
        for (int i = 2; hasColumn(sample, candidate); i++) {
            candidate = wanted + i;
        }
        return candidate;
    }

    private static boolean hasColumn(SampleFile sample, String name) {
        return sample.columns().stream().anyMatch(c -> c.name().equals(name));
    }
}
