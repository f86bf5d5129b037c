package io.streamtrain.bench.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.bench.fit.Contender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/python/score_loop.py}: a confluent-kafka consumer and producer with scikit-learn scoring numpy
 * batches, what a user would otherwise write; needs Debian's {@code python3-confluent-kafka} and {@code python3-sklearn}.
 * The interpreter is {@code -Dbench.python} ({@code /usr/bin/python3}) and the script's folder {@code -Dbench.python.dir}.
 */
final class PythonScoringLoop {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the loop reported: requests answered, seconds from subscribing until the last prediction was acknowledged,
     * and the CPU seconds of the Python process over that time.
     */
    record Result(long requests, double seconds, double cpuSeconds) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private PythonScoringLoop() {
    }

    static Result run(String bootstrapServers, String requestsTopic, String predictionsTopic, Path trainCsv, double testFraction,
                      long expected, Contender contender) throws IOException, InterruptedException {
        Path scripts = Path.of(System.getProperty("bench.python.dir", "python"));
        if (!Files.isRegularFile(scripts.resolve("score_loop.py"))) {
            throw new IllegalStateException("score_loop.py is not in " + scripts.toAbsolutePath() + "; set -Dbench.python.dir=<bench/python>");
        }
        ObjectNode spec = JSON.createObjectNode().put("estimator", contender.estimator());
        spec.set("params", JSON.valueToTree(contender.estimatorParams()));
        Process process = new ProcessBuilder(System.getProperty("bench.python", "/usr/bin/python3"), scripts.resolve("score_loop.py").toString(),
                bootstrapServers, requestsTopic, predictionsTopic, trainCsv.toString(), Double.toString(testFraction),
                Long.toString(expected), spec.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || output.isEmpty()) {
            throw new IOException("score_loop.py failed; the comparison needs Debian's python3-confluent-kafka and python3-sklearn "
                    + "(apt-get install python3-sklearn python3-confluent-kafka) or -Dbench.python=<a python3 with both>");
        }
        JsonNode result = JSON.readTree(output.lines().reduce((first, last) -> last).orElseThrow());
        return new Result(result.path("requests").asLong(), result.path("seconds").asDouble(), result.path("cpu_seconds").asDouble());
    }
}
