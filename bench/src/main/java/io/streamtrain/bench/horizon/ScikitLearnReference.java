package io.streamtrain.bench.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code horizon_reference.py} holding one data set (streamed and held-out rows), asked to fit scikit-learn's
 * default logistic regression and random forest on a set of streamed rows and score the held-out ones. The interpreter
 * is {@code -Dbench.python} (Debian's {@code /usr/bin/python3}), the script's folder {@code -Dbench.python.dir}.
 */
final class ScikitLearnReference implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Held-out accuracy of scikit-learn's two default classifiers trained on the same rows. */
    record Accuracy(double logisticRegression, double randomForest) {
    }

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;
    private final Path table;

    private ScikitLearnReference(Process process, Path table) {
        this.process = process;
        this.table = table;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ScikitLearnReference start(StreamedDataSet dataSet) throws IOException {
        Path script = Path.of(System.getProperty("bench.python.dir", "python")).resolve("horizon_reference.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script.toAbsolutePath() + " is missing; set -Dbench.python.dir=<bench/python>");
        }
        Path table = Files.createTempFile(dataSet.name() + "-", ".csv");
        StringBuilder csv = new StringBuilder("id,set,label");
        dataSet.featureNames().forEach(feature -> csv.append(',').append(feature.replace(',', '_')));
        csv.append('\n');
        dataSet.streamed().forEach(row -> line(csv, row, "stream"));
        dataSet.test().forEach(row -> line(csv, row, "test"));
        Files.writeString(table, csv);
        Process process = new ProcessBuilder(System.getProperty("bench.python", "/usr/bin/python3"), script.toString(), table.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ScikitLearnReference reference = new ScikitLearnReference(process, table);
        reference.answer();
        return reference;
    }

    private static void line(StringBuilder csv, StreamedDataSet.Row row, String set) {
        csv.append(row.id()).append(',').append(set).append(',').append(row.label());
        for (double value : row.features()) {
            csv.append(',').append(String.format(Locale.ROOT, "%s", value));
        }
        csv.append('\n');
    }

    /** Fits on the streamed rows {@code ids} (every streamed row when null) and scores the held-out rows. */
    Accuracy fit(List<String> ids) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        if (ids == null) {
            request.putNull("ids");
        } else {
            ids.forEach(request.putArray("ids")::add);
        }
        requests.write(request.toString());
        requests.newLine();
        requests.flush();
        JsonNode answer = answer();
        return new Accuracy(answer.path("logistic-regression").asDouble(), answer.path("random-forest").asDouble());
    }

    private JsonNode answer() throws IOException {
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("horizon_reference.py ended without an answer; it needs Debian's python3-sklearn "
                    + "(apt-get install python3-sklearn) or -Dbench.python=<a python3 with numpy and scikit-learn>");
        }
        return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        requests.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroy();
        }
        Files.deleteIfExists(table);
    }
}
