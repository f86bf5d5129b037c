package io.streamtrain.bench.fit;

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
import java.util.concurrent.TimeUnit;

/**
 * A running {@code fit_time.py} (scikit-learn, from Debian's {@code python3-sklearn}) holding one table, asked for one
 * timed fit at a time, so the benchmark can alternate streamtrain's runs with scikit-learn's under the same load.
 * Needs a {@code python3} with numpy and scikit-learn; the failure message says how to get them.
 */
final class ScikitLearnFit implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOW_TO_INSTALL = "the comparison needs Debian's scikit-learn (apt-get install python3-sklearn), "
            + "or -Dbench.python=<a python3 with numpy and scikit-learn>";

    /** One timed scikit-learn fit and its test metric (accuracy or RMSE). */
    record Run(double seconds, double metric) {
    }

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader results;

    private ScikitLearnFit(Process process) {
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the script on {@code csv}; the interpreter is {@code -Dbench.python} ({@code /usr/bin/python3}, Debian's)
     * and the script's folder {@code -Dbench.python.dir} ({@code python}).
     */
    static ScikitLearnFit start(Path csv, double testFraction) throws IOException {
        Path scripts = Path.of(System.getProperty("bench.python.dir", "python"));
        if (!Files.isRegularFile(scripts.resolve("fit_time.py"))) {
            throw new IllegalStateException("fit_time.py is not in " + scripts.toAbsolutePath() + "; set -Dbench.python.dir=<bench/python>");
        }
        String python = System.getProperty("bench.python", "/usr/bin/python3");
        Process process = new ProcessBuilder(python, scripts.resolve("fit_time.py").toString(), csv.toString(), Double.toString(testFraction))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ScikitLearnFit session = new ScikitLearnFit(process);
        session.readLine();
        return session;
    }

    /** Fits {@code contender}'s estimator once on the table's train split. */
    Run fit(Contender contender) throws IOException {
        ObjectNode request = JSON.createObjectNode()
                .put("task", contender.task())
                .put("estimator", contender.estimator());
        request.set("params", JSON.valueToTree(contender.estimatorParams()));
        requests.write(request.toString());
        requests.newLine();
        requests.flush();
        JsonNode result = readLine();
        return new Run(result.path("seconds").asDouble(),
                contender.classification() ? result.path("accuracy").asDouble() : result.path("rmse").asDouble());
    }

    private JsonNode readLine() throws IOException {
        String line = results.readLine();
        if (line == null) {
            throw new IOException("fit_time.py ended without an answer; " + HOW_TO_INSTALL);
        }
        return JSON.readTree(line);
    }

    /** CPU time the script has used so far, in nanoseconds (0 where the OS does not say). */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        requests.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }
}
