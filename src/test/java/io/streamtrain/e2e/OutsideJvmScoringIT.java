package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.launcher.testing.ChurnRows;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using a model outside streamtrain", as a user runs it: a running pipeline trains a model, {@code models
 * export} writes its ONNX graph, and the README's Python script scores records with ONNX Runtime outside the JVM; each
 * answer must be the scorer's REST answer for the same record (same label, probabilities within 1e-6 relative).
 *
 * <p>Runs when Python ({@code -Dstreamtrain.test.python}, default {@code python3}) imports {@code onnxruntime} and
 * numpy, installed for it or by {@code pip install --target DIR onnxruntime} with
 * {@code -Dstreamtrain.test.onnxruntime.python=DIR}; skipped, saying so, otherwise.
 */
class OutsideJvmScoringIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = "outside";
    private static final String BEGIN = "<!-- onnx-example:begin";
    private static final String END = "<!-- onnx-example:end";
    private static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(60);

    private final KeyPair keys = Ed25519Keys.generate();
    private Deployment runtime;

    @TempDir
    Path folder;

    @BeforeEach
    void startPipeline() throws IOException, InterruptedException {
        String missing = pythonWithOnnxRuntime();
        Assumptions.assumeTrue(missing.isEmpty(), missing);
        Map<String, String> configuration = new HashMap<>(Map.of("pipeline.name", PIPELINE, "window.size.ms", "10000",
                "window.grace.ms", "500", "window.idle.close.ms", "1000", "input.partitions", "1",
                "streams.commit.interval.ms", "100", "scorer.http.port", "0"));
        configuration.putAll(TrustConfig.inline(keys));
        runtime = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of(PIPELINE, configuration))),
                EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER, ServiceKind.SCORER), null, Duration.ofSeconds(90));
    }

    @AfterEach
    void stopPipeline() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldScoreAnExportedModelInPythonAsTheScorerAnswersOverRest() throws Exception {
        Path training = Files.write(folder.resolve("training.csv"), ChurnRows.csv(400));
        Cli.run("produce", "--pipeline", PIPELINE, "--bootstrap-servers", bootstrap(), "--file", training.toString());
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://127.0.0.1:" + runtime.scorerHttpPort().orElseThrow() + "/v1/pipelines/" + PIPELINE;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(http, api + "/model").statusCode() == 200);
        JsonNode model = JSON.readTree(get(http, api + "/model").body());
        long version = model.get("version").asLong();
        List<String> classes = new ArrayList<>();
        model.get("classes").forEach(c -> classes.add(c.asText()));
        Path verifyKey = Files.writeString(folder.resolve("verify.pem"), Ed25519Keys.pem(keys.getPublic()));
        Path clientConfig = Files.writeString(folder.resolve("client.properties"), "model.verify.key.file=" + verifyKey + "\n");
        Path graph = folder.resolve("model.onnx");
        Cli.run("models", "export", "--config", clientConfig.toString(), "--pipeline", PIPELINE, "--bootstrap-servers", bootstrap(),
                String.valueOf(version), "--format", "onnx", "--out", graph.toString());
        Path script = Files.writeString(folder.resolve("score_onnx.py"), readmeScript());
        List<String> records = List.of(
                "{\"id\": \"o-1\", \"eventTime\": " + ChurnRows.START + ", \"tenureMonths\": 2, \"monthlySpend\": 90.0, \"supportCalls\": 8, "
                        + "\"usageHours\": 1.0, \"premium\": false, \"region\": \"south\"}",
                "{\"id\": \"o-2\", \"eventTime\": " + ChurnRows.START + ", \"tenureMonths\": 55, \"monthlySpend\": 25.5, \"supportCalls\": 0, "
                        + "\"usageHours\": 30.5, \"premium\": true, \"region\": \"north\"}",
                "{\"id\": \"o-3\", \"eventTime\": " + ChurnRows.START + ", \"tenureMonths\": 20, \"monthlySpend\": 60.0, \"supportCalls\": 4, "
                        + "\"usageHours\": 12.0, \"premium\": true, \"region\": \"a region never seen\"}");

        for (String record : records) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api + "/predict"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(record)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode scorer = JSON.readTree(answer.body());
            JsonNode outside = JSON.readTree(python(script.toString(), graph.toString(), record));

            assertThat(scorer.get("modelVersion").asLong()).isEqualTo(version);
            JsonNode prediction = scorer.get("predictions").get(0);
            assertThat(outside.get("label").asText()).as(record).isEqualTo(prediction.get("label").asText());
            for (int c = 0; c < classes.size(); c++) {
                double expected = prediction.get("probabilities").get(classes.get(c)).asDouble();
                assertThat(outside.get("probabilities").get(c).asDouble()).as(record + " " + classes.get(c))
                        .isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(expected))));
            }
        }
    }

    /** The fenced Python block between the README's ONNX example markers, exactly as a reader copies it. */
    private static String readmeScript() throws IOException {
        List<String> readme = Files.readAllLines(ReadmeQuickStart.read().repository().resolve("README.md"));
        StringBuilder script = new StringBuilder();
        boolean inBlock = false;
        boolean inFence = false;
        for (String line : readme) {
            if (line.startsWith(BEGIN)) {
                inBlock = true;
            } else if (line.startsWith(END)) {
                break;
            } else if (inBlock && line.startsWith("```")) {
                inFence = !inFence;
            } else if (inFence) {
                script.append(line).append('\n');
            }
        }
        assertThat(script).as("README.md's Python block between %s and %s", BEGIN, END).isNotEmpty();
        return script.toString();
    }

    /** Empty when Python imports onnxruntime and numpy, else why not and how to enable the test. */
    private static String pythonWithOnnxRuntime() throws InterruptedException {
        try {
            Process process = pythonProcess("-c", "import numpy, onnxruntime").start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor(PYTHON_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0) {
                return "";
            }
            process.destroyForcibly();
            return "skipped: Python cannot import onnxruntime (" + output.strip().lines().reduce((a, b) -> b).orElse("")
                    + "); run 'pip install --target DIR onnxruntime' and pass -Dstreamtrain.test.onnxruntime.python=DIR";
        } catch (IOException e) {
            return "skipped: no Python at " + python() + " (" + e.getMessage() + "); set -Dstreamtrain.test.python";
        }
    }

    private static String python(String... arguments) throws IOException, InterruptedException {
        Process process = pythonProcess(arguments).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(PYTHON_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("Python answered within %s", PYTHON_TIMEOUT).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static ProcessBuilder pythonProcess(String... arguments) {
        List<String> command = new ArrayList<>(List.of(python()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String path = System.getProperty("streamtrain.test.onnxruntime.python", "");
        if (!path.isBlank()) {
            builder.environment().merge("PYTHONPATH", path, (old, added) -> added + File.pathSeparator + old);
        }
        return builder;
    }

    private static String python() {
        return System.getProperty("streamtrain.test.python", "python3");
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String bootstrap() {
        return String.valueOf(runtime.clientProperties().get("bootstrap.servers"));
    }

}
