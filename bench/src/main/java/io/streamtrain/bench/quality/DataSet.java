package io.streamtrain.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.messages.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One data set of the comparison as {@code quality_reference.py} wrote it: a CSV of {@code id}, the features
 * {@code f0..}, {@code label} and {@code test} (1 for a test row), missing values empty; which features are numeric and
 * which categorical; and scikit-learn's results on the same split.
 *
 * @param name      data set name, for example {@code credit-g}
 * @param task      classification or regression
 * @param numeric   per feature column, whether it is numeric (else categorical)
 * @param train     the train rows as records of {@link #schema()}
 * @param test      the test rows, likewise
 * @param reference scikit-learn's results
 */
record DataSet(String name, Task task, List<Boolean> numeric, List<GenericRecord> train, List<GenericRecord> test,
               List<ReferenceResult> reference) {

    static final String ID = "id";
    static final String LABEL = "label";

    DataSet {
        numeric = List.copyOf(numeric);
        train = List.copyOf(train);
        test = List.copyOf(test);
        reference = List.copyOf(reference);
    }

    /** This data set under another name, for example one per split where the name names pipelines and topics. */
    DataSet named(String other) {
        return new DataSet(other, task, numeric, train, test, reference);
    }

    /** Reads the data set a line of the script's output describes. */
    static DataSet read(JsonNode line) throws IOException {
        Task task = line.path("task").asText().equals("classification") ? Task.CLASSIFICATION : Task.REGRESSION;
        List<Boolean> numeric = StreamSupport.stream(line.path("features").spliterator(), false)
                .map(feature -> feature.path("type").asText().equals("numeric")).toList();
        Schema schema = schema(task, numeric);
        List<GenericRecord> train = new ArrayList<>();
        List<GenericRecord> test = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(line.path("csv").asText()));
        for (String row : lines.subList(1, lines.size())) {
            String[] cells = row.split(",", -1);
            GenericData.Record record = new GenericData.Record(schema);
            record.put(ID, cells[0]);
            for (int j = 0; j < numeric.size(); j++) {
                record.put(j + 1, value(cells[j + 1], numeric.get(j)));
            }
            record.put(LABEL, value(cells[numeric.size() + 1], task == Task.REGRESSION));
            (cells[numeric.size() + 2].equals("1") ? test : train).add(record);
        }
        List<ReferenceResult> reference = StreamSupport.stream(line.path("sklearn").spliterator(), false).map(ReferenceResult::of).toList();
        return new DataSet(line.path("name").asText(), task, numeric, train, test, reference);
    }

    /** {@code id}, nullable doubles (numeric) or strings (categorical) {@code f0..}, and the label. */
    static Schema schema(Task task, List<Boolean> numeric) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("QualityRow").namespace("io.streamtrain.bench").fields()
                .requiredString(ID);
        for (int j = 0; j < numeric.size(); j++) {
            fields = numeric.get(j) ? fields.optionalDouble("f" + j) : fields.optionalString("f" + j);
        }
        return (task == Task.REGRESSION ? fields.optionalDouble(LABEL) : fields.optionalString(LABEL)).endRecord();
    }

    Schema schema() {
        return schema(task, numeric);
    }

    /** scikit-learn's result for {@code estimator}. */
    ReferenceResult reference(String estimator) {
        return reference.stream().filter(result -> result.estimator().equals(estimator)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + estimator + " result for " + name));
    }

    private static Object value(String cell, boolean number) {
        if (cell.isEmpty()) {
            return null;
        }
        return number ? Double.parseDouble(cell) : cell;
    }
}
