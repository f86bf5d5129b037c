package io.streamtrain.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * The Breast Cancer Wisconsin (Diagnostic) data set as scikit-learn ships it ({@code datasets/breast_cancer.csv},
 * see {@code datasets/README.md}), read as records of {@code datasets/breast-cancer-wisconsin.avsc}: row {@code i}
 * (0-based, after scikit-learn's header line) has id {@code wdbc-i}, the class column 0 is {@code malignant} and 1
 * {@code benign}. {@code bench/python/breast_cancer_reference.py} reads the file the same way.
 */
final class BreastCancerRows {

    static final String SCHEMA_RESOURCE = "/datasets/breast-cancer-wisconsin.avsc";
    private static final String CSV_RESOURCE = "/datasets/breast_cancer.csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One aspirate: its record id, its diagnosis and its 30 features in the schema's order. */
    record Row(String id, String diagnosis, double[] features) {

        Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(diagnosis, "diagnosis");
            features = features.clone();
        }
    }

    private BreastCancerRows() {
    }

    /** Every row of the file, in order. */
    static List<Row> read() {
        List<Row> rows = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(BreastCancerRows.class.getResourceAsStream(CSV_RESOURCE), CSV_RESOURCE), StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                double[] values = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
                String diagnosis = values[values.length - 1] == 0 ? "malignant" : "benign";
                rows.add(new Row("wdbc-" + rows.size(), diagnosis, Arrays.copyOf(values, values.length - 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The schema file's path, for the pipeline's {@code input.schema} key. */
    static Path schemaPath() {
        try {
            return Path.of(Objects.requireNonNull(BreastCancerRows.class.getResource(SCHEMA_RESOURCE), SCHEMA_RESOURCE).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code row} as a plain JSON object of the schema, with its diagnosis when {@code labelled}. */
    static ObjectNode json(Schema schema, Row row, boolean labelled) {
        ObjectNode object = JSON.createObjectNode();
        object.put("id", row.id());
        if (labelled) {
            object.put("diagnosis", row.diagnosis());
        }
        List<Schema.Field> features = schema.getFields().subList(2, schema.getFields().size());
        for (int i = 0; i < features.size(); i++) {
            object.put(features.get(i).name(), row.features()[i]);
        }
        return object;
    }
}
