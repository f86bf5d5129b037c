package io.streamtrain.ml.testing;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ARFF tables under {@code src/test/resources/datasets} as records: numeric attributes become numeric features,
 * nominal ones categorical, the last attribute is the label (a number for a numeric class), {@code ?} is missing.
 */
public final class ArffTables {

    /** A table: its feature spec and its rows as records with ids {@code <name>-<row>}. */
    public record Table(FeatureSpec spec, List<CleanRecord> records) {
        public Table {
            records = List.copyOf(records);
        }
    }

    private ArffTables() {
    }

    public static Table read(String name) {
        List<FeatureField> fields = new ArrayList<>();
        List<CleanRecord> records = new ArrayList<>();
        boolean numericLabel = false;
        boolean data = false;
        try (InputStream in = ArffTables.class.getResourceAsStream("/datasets/" + name + ".arff")) {
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("%")) {
                    continue;
                }
                if (data) {
                    List<String> values = split(line);
                    List<Object> features = new ArrayList<>();
                    for (int i = 0; i < fields.size() - 1; i++) {
                        String value = values.get(i);
                        features.add(value.equals("?") ? null
                                : fields.get(i).type() == FeatureType.NUMERIC ? (Object) Double.parseDouble(value) : value);
                    }
                    String label = values.getLast();
                    records.add(Batches.record(name + "-" + records.size(), numericLabel ? (Object) Double.parseDouble(label) : label,
                            features.toArray()));
                } else if (line.toLowerCase(Locale.ROOT).startsWith("@attribute")) {
                    String[] nameAndType = line.substring("@attribute".length()).strip().split("\\s+", 2);
                    boolean nominal = nameAndType[1].strip().startsWith("{");
                    fields.add(new FeatureField(unquote(nameAndType[0]), nominal ? FeatureType.CATEGORICAL : FeatureType.NUMERIC));
                    numericLabel = !nominal;
                } else if (line.toLowerCase(Locale.ROOT).startsWith("@data")) {
                    data = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FeatureSpec spec = new FeatureSpec("id", "eventTime", fields.getLast().name(), fields.subList(0, fields.size() - 1));
        return new Table(spec, records);
    }

    /** Comma-separated values; a value in single quotes may hold commas. */
    private static List<String> split(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                values.add(value.toString().strip());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values.add(value.toString().strip());
        return values;
    }

    private static String unquote(String text) {
        return text.startsWith("'") && text.endsWith("'") ? text.substring(1, text.length() - 1) : text;
    }
}
