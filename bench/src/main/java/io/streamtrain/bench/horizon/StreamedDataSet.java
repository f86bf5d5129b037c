package io.streamtrain.bench.horizon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A data set split into the rows the benchmark streams, in their event-time order, and a fixed held-out test set that
 * is never streamed. Files in Weka's examples are often grouped by class, so the streamed rows are shuffled with a
 * fixed seed: each window then sees the whole distribution, as a stationary stream would.
 *
 * @param name         short name, part of the pipelines' names
 * @param featureNames the features in column order
 * @param streamed     the streamed rows, in the order they are produced
 * @param test         the held-out rows
 */
record StreamedDataSet(String name, List<String> featureNames, List<Row> streamed, List<Row> test) {

    /** One row with its record id ({@code <data set>-<n>}), class and features. */
    record Row(String id, String label, double[] features) {

        Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            features = features.clone();
        }

        @Override
        public double[] features() {
            return features.clone();
        }
    }

    StreamedDataSet {
        featureNames = List.copyOf(featureNames);
        streamed = List.copyOf(streamed);
        test = List.copyOf(test);
    }

    /** {@code train} streamed (shuffled with {@code seed}), {@code test} held out: a data set published with its own test file. */
    static StreamedDataSet withTestFile(String name, WekaArff.Table train, WekaArff.Table test, long seed) {
        if (!train.features().equals(test.features())) {
            throw new IllegalArgumentException(name + ": the test file's features differ from the train file's");
        }
        List<Row> streamed = rows(name, train.rows(), 0);
        Collections.shuffle(streamed, new Random(seed));
        return new StreamedDataSet(name, train.features(), streamed, rows(name, test.rows(), streamed.size()));
    }

    /** The rows of {@code table} shuffled with {@code seed}; the last {@code testRows} are held out, the rest streamed. */
    static StreamedDataSet holdingOut(String name, WekaArff.Table table, int testRows, long seed) {
        List<Row> rows = rows(name, table.rows(), 0);
        Collections.shuffle(rows, new Random(seed));
        int streamed = rows.size() - testRows;
        return new StreamedDataSet(name, table.features(), rows.subList(0, streamed), rows.subList(streamed, rows.size()));
    }

    private static List<Row> rows(String name, List<WekaArff.Row> rows, int firstId) {
        List<Row> named = new ArrayList<>();
        for (WekaArff.Row row : rows) {
            named.add(new Row(name + "-" + (firstId + named.size()), row.label(), row.features()));
        }
        return named;
    }

    /** Windows the streamed rows fill at {@code rowsPerWindow} rows each, the last one possibly partly. */
    int windowCount(int rowsPerWindow) {
        return (streamed.size() + rowsPerWindow - 1) / rowsPerWindow;
    }
}
