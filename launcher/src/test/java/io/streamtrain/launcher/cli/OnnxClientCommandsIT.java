package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.home.DevelopmentKeys;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.launcher.score.ChampionReader;
import io.streamtrain.launcher.testing.ChurnRows;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands' ONNX side against a pipeline whose streams-app and trainer run on the embedded broker with the
 * development key, as after {@code run}: a CSV file trains a real model. {@code models export} writes its graph;
 * versions that must not be exported (no graph, a signature that does not verify, no such version) end with a sentence
 * and exit status 1. {@code score} scores a file from the runtime that {@code scorer.model.runtime} names.
 */
class OnnxClientCommandsIT {

    private static final String PIPELINE = "exports";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private static Deployment runtime;
    private static ModelEnvelope trained;

    @TempDir
    static Path folder;

    @BeforeAll
    static void trainAModel() throws IOException {
        runtime = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of(PIPELINE, Map.of("pipeline.name", PIPELINE,
                        "input.partitions", "1", "streams.commit.interval.ms", "100", "window.size.ms", "10000",
                        "window.grace.ms", "500", "window.idle.close.ms", "1000")))),
                EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER), null, Duration.ofSeconds(90));
        Path csv = Files.write(folder.resolve("training.csv"), ChurnRows.csv(400));
        assertThat(CliRun.of("produce", "--pipeline", PIPELINE, "--file", csv.toString()).exitCode()).isZero();
        TrustConfig developmentKeys = new TrustConfig(DevelopmentKeys.inDefaultFolder().signingSettings());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> ChampionReader.read(
                runtime.clientProperties(), PIPELINE, PIPELINE + ".models", developmentKeys.verifier()).isPresent());
        trained = ChampionReader.read(runtime.clientProperties(), PIPELINE, PIPELINE + ".models", developmentKeys.verifier()).orElseThrow();
    }

    @AfterAll
    static void stopPipeline() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldWriteTheSignedGraphOfAVersion() throws IOException {
        Path out = Files.writeString(folder.resolve("model.onnx"), "an older file, replaced");

        CliRun run = CliRun.of("models", "export", "--pipeline", PIPELINE, String.valueOf(trained.getVersion()), "--format", "onnx",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        byte[] written = Files.readAllBytes(out);
        assertThat(ModelDigest.sha256Hex(written)).isEqualTo(trained.getOnnx().getSha256());
        assertThat(written).hasSize(trained.getOnnx().getGraph().remaining());
        assertThat(run.out()).contains("Wrote the ONNX graph of version " + trained.getVersion() + " of " + PIPELINE)
                .contains("sha256 " + trained.getOnnx().getSha256())
                .contains("tenureMonths double [N,1]").contains("region string [N,1]")
                .contains("label [N] string, probabilities [N,2] double");
        try (var files = Files.list(folder)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
        }
    }

    @Test
    void shouldRefuseAVersionWithoutAGraphInOneSentence() throws Exception {
        long version = trained.getVersion() + 100;
        ModelEnvelope withoutGraph = ModelEnvelope.newBuilder(trained).setVersion(version).setOnnx(null).build();
        writeHistory(withoutGraph, new TrustConfig(DevelopmentKeys.inDefaultFolder().signingSettings()).signer());

        assertExportRefused(version, "has no ONNX graph: it was published before ONNX export existed");
    }

    @Test
    void shouldRefuseAVersionWhoseSignatureDoesNotVerify() throws Exception {
        long version = trained.getVersion() + 200;
        KeyPair stranger = Ed25519Keys.generate();
        writeHistory(ModelEnvelope.newBuilder(trained).setVersion(version).build(),
                ModelSigner.ed25519(stranger.getPrivate(), stranger.getPublic()));

        assertExportRefused(version, "cannot be exported: its signature does not verify");
    }

    @Test
    void shouldNameAMissingVersionAndAnUnknownFormat() {
        Path out = folder.resolve("missing.onnx");

        CliRun missing = CliRun.of("models", "export", "--pipeline", PIPELINE, "9999", "--out", out.toString());
        CliRun format = CliRun.of("models", "export", "--pipeline", PIPELINE, "1", "--format", "pmml", "--out", out.toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(missing.err()).contains("version 9999 is not in the model history");
        assertThat(format.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(format.err()).contains("--format pmml is not a format models export in; use --format onnx");
        assertThat(out).doesNotExist();
    }

    @Test
    void shouldScoreAFileFromTheRuntimeTheConfigurationNamesWithTheSameAnswers() throws IOException {
        Path records = Files.write(folder.resolve("to-score.jsonl"), List.of(
                "{\"id\": \"s-1\", \"eventTime\": " + ChurnRows.START + ", \"tenureMonths\": 2, \"monthlySpend\": 90.0, "
                        + "\"supportCalls\": 8, \"usageHours\": 1.0, \"premium\": false, \"region\": \"south\"}",
                "{\"id\": \"s-2\", \"eventTime\": " + ChurnRows.START + ", \"tenureMonths\": 50, \"monthlySpend\": 30.0, "
                        + "\"supportCalls\": 1, \"usageHours\": 20.0, \"premium\": true, \"region\": \"unseen\"}"));
        Path onnxConfig = Files.writeString(folder.resolve("onnx.properties"), "scorer.model.runtime=onnx\n");
        Path wrongConfig = Files.writeString(folder.resolve("wrong.properties"), "scorer.model.runtime=python\n");
        Path nativeOut = folder.resolve("native.jsonl");
        Path onnxOut = folder.resolve("onnx.jsonl");

        CliRun nativeRun = CliRun.of("score", "--pipeline", PIPELINE, "--file", records.toString(), "--out", nativeOut.toString());
        CliRun onnxRun = CliRun.of("score", "--config", onnxConfig.toString(), "--pipeline", PIPELINE, "--file", records.toString(),
                "--out", onnxOut.toString());
        CliRun wrong = CliRun.of("score", "--config", wrongConfig.toString(), "--pipeline", PIPELINE, "--file", records.toString(),
                "--out", folder.resolve("wrong.jsonl").toString());

        assertThat(nativeRun.exitCode()).as(nativeRun.err()).isZero();
        assertThat(nativeRun.out()).contains("(scorer.model.runtime=native)");
        assertThat(onnxRun.exitCode()).as(onnxRun.err()).isZero();
        assertThat(onnxRun.out()).contains("(scorer.model.runtime=onnx)").contains("Wrote 2 predictions");
        List<JsonNode> expected = Files.readAllLines(nativeOut).stream().map(OnnxClientCommandsIT::json).toList();
        List<JsonNode> actual = Files.readAllLines(onnxOut).stream().map(OnnxClientCommandsIT::json).toList();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).get("label")).isEqualTo(expected.get(i).get("label"));
            for (String label : List.of("churn", "stay")) {
                double p = expected.get(i).at("/probabilities/" + label).asDouble();
                assertThat(actual.get(i).at("/probabilities/" + label).asDouble()).isCloseTo(p, within(1e-6));
            }
        }
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err()).contains("scorer.model.runtime").contains("python");
    }

    /** {@code models export VERSION} ends with exit status 1 and one sentence about the version, and writes no file. */
    private static void assertExportRefused(long version, String why) {
        Path out = folder.resolve("refused-" + version + ".onnx");

        CliRun run = CliRun.of("models", "export", "--pipeline", PIPELINE, String.valueOf(version), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(run.err()).contains("version " + version + " " + why).doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** Writes {@code envelope} to the model history as the trainer does, signed by {@code signer}. */
    private static void writeHistory(ModelEnvelope envelope, ModelSigner signer) throws ExecutionException, InterruptedException {
        byte[] value = ENVELOPES.encode(envelope);
        byte[] key = new ModelHistoryKey(PIPELINE, envelope.getVersion()).toString().getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(runtime.clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(PIPELINE + ".model-history", null, key, value, signer.headersFor(value))).get();
        }
    }
}
