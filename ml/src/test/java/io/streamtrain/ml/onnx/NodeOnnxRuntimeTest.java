package io.streamtrain.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.testing.ArffTables;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The graph in an envelope scores outside the JVM: ONNX Runtime for Node.js ({@code onnxruntime-node}) gives the
 * native model's answers. Runs when {@code -Dstreamtrain.test.onnxruntime.node=DIR} names a folder whose
 * {@code node_modules} holds {@code onnxruntime-node} ({@code npm install --ignore-scripts onnxruntime-node} there; the
 * CPU library is in the package) and {@code node} is on the path; skipped otherwise.
 */
class NodeOnnxRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({"credit-g,logistic-regression", "credit-g,random-forest", "iris,gradient-boosted-trees", "cpu.with.vendor,gradient-boosted-trees"})
    void shouldScoreAsTheNativeModelWhenOnnxRuntimeForNodeRunsTheGraph(String table, String algorithm, @TempDir Path folder) throws Exception {
        String nodeModules = System.getProperty("streamtrain.test.onnxruntime.node");
        assumeTrue(nodeModules != null && Files.isDirectory(Path.of(nodeModules, "node_modules", "onnxruntime-node")),
                "set -Dstreamtrain.test.onnxruntime.node to a folder with node_modules/onnxruntime-node");
        ArffTables.Table data = ArffTables.read(table);
        Task task = table.startsWith("cpu") ? Task.REGRESSION : Task.CLASSIFICATION;
        TrainingOutcome outcome = new BatchTrainer().train(Batches.request(data.spec(),
                TrainingSettings.of(task, algorithm, algorithm.equals("logistic-regression") ? Map.of() : Map.of("trees", "50")), data.records()));
        ModelEnvelope envelope = ((TrainingOutcome.Trained) outcome).envelope();
        LoadedModel loaded = ModelLoader.load(envelope, Batches.PIPELINE);

        JsonNode answers = scoreWithNode(Path.of(nodeModules), folder, envelope, data.records());

        List<String> classes = envelope.getFeatureSchema().getClasses();
        for (int i = 0; i < data.records().size(); i++) {
            ScoredRecord expected = loaded.score(data.records().get(i));
            if (task == Task.CLASSIFICATION) {
                assertThat(answers.get(OnnxExport.LABEL).get(i).asText()).as("label of row %d", i).isEqualTo(expected.label());
                for (int c = 0; c < classes.size(); c++) {
                    assertThat(answers.get(OnnxExport.PROBABILITIES).get(i).get(c).asDouble())
                            .isCloseTo(expected.probabilities().get(classes.get(c)), within(OnnxVerification.TOLERANCE));
                }
            } else {
                assertThat(answers.get(OnnxExport.VALUE).get(i).asDouble())
                        .isCloseTo(expected.value(), within(OnnxVerification.TOLERANCE * Math.max(1, Math.abs(expected.value()))));
            }
        }
    }

    /** Writes the envelope's graph and the records (null for a missing value) and runs {@code score.mjs} on them. */
    private static JsonNode scoreWithNode(Path nodeModules, Path folder, ModelEnvelope envelope, List<CleanRecord> records)
            throws IOException, InterruptedException {
        Path graph = folder.resolve("model.onnx");
        byte[] bytes = new byte[envelope.getOnnx().getGraph().remaining()];
        envelope.getOnnx().getGraph().duplicate().get(bytes);
        Files.write(graph, bytes);
        ObjectNode request = JSON.createObjectNode();
        ArrayNode features = request.putArray("features");
        for (FeatureDefinition feature : envelope.getFeatureSchema().getFeatures()) {
            features.addObject().put("name", feature.getName()).put("type", feature.getType().name());
        }
        ArrayNode rows = request.putArray("rows");
        for (CleanRecord record : records) {
            ArrayNode row = rows.addArray();
            record.getFeatures().forEach(value -> row.addPOJO(value instanceof Double d && !Double.isFinite(d) ? null : value));
        }
        Path requestFile = folder.resolve("request.json");
        JSON.writeValue(requestFile.toFile(), request);
        Path script = folder.resolve("score.mjs");
        try (InputStream in = NodeOnnxRuntimeTest.class.getResourceAsStream("/onnx/score.mjs")) {
            Files.copy(in, script);
        }
        Process node = new ProcessBuilder("node", script.toString(), graph.toString(), requestFile.toString())
                .directory(nodeModules.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] output = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node's exit code").isZero();
        return JSON.readTree(output);
    }
}
