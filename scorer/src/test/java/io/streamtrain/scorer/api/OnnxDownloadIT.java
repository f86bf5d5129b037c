package io.streamtrain.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import io.streamtrain.scorer.testing.ModelSigning;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.SharedBroker;
import io.streamtrain.scorer.testing.TrainedModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API's link to a model's ONNX graph: the served model's description names it, and following it downloads
 * exactly the bytes the signed envelope holds; versions without a graph or whose signature does not verify are refused
 * in JSON, on a scorer with the REST API and its registry operations on a real broker.
 */
class OnnxDownloadIT {

    private static final String PIPELINE = "downloads";
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private static SharedBroker kafka;
    private static ScorerService scorer;
    private static ModelEnvelope served;

    @BeforeAll
    static void startScorer() {
        kafka = SharedBroker.start();
        Map<String, String> settings = new HashMap<>(ModelSigning.settings());
        settings.put("pipeline.name", PIPELINE);
        settings.put("kafka.bootstrap.servers", kafka.broker().bootstrapServers());
        settings.put(ScorerConfig.INSTANCE_ID_CONFIG, PIPELINE + "-1");
        settings.put(ScorerConfig.HTTP_PORT_CONFIG, "0");
        ScorerConfig config = new ScorerConfig(PipelineDefinition.of("test", settings));
        PipelineConfig pipeline = config.pipeline();
        new TopicProvisioner(kafka.admin()).ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
        served = TrainedModels.train(pipeline, 1, 31);
        String history = pipeline.topics().modelHistory();
        send(ModelSigning.signed(history, historyKey(1), served));
        send(ModelSigning.signed(pipeline.topics().models(), PIPELINE, served));
        // Version 2 as a model from before ONNX export; version 3 unsigned, as a forger would write it.
        send(ModelSigning.signed(history, historyKey(2), ModelEnvelope.newBuilder(served).setVersion(2L).setOnnx(null).build()));
        send(new ProducerRecord<>(history, historyKey(3).getBytes(StandardCharsets.UTF_8),
                ENVELOPES.encode(ModelEnvelope.newBuilder(served).setVersion(3L).build())));
        scorer = new ScorerService(config, Clock.systemUTC());
        scorer.start(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (scorer != null) {
            scorer.close();
        }
        kafka.close();
    }

    @Test
    void shouldLinkTheServedModelsGraphAndAnswerItsSignedBytes() throws IOException, InterruptedException {
        RestClient rest = new RestClient(scorer.httpPort().getAsInt());

        JsonNode onnx = rest.get("/v1/pipelines/" + PIPELINE + "/model").json().get("onnx");
        HttpResponse<byte[]> graph = download(onnx.get("href").asText());

        assertThat(onnx.get("href").asText()).isEqualTo("/v1/pipelines/" + PIPELINE + "/models/1/onnx");
        assertThat(onnx.get("sha256").asText()).isEqualTo(served.getOnnx().getSha256());
        assertThat(onnx.get("verifiedRows").asLong()).isEqualTo(served.getOnnx().getVerifiedRows()).isPositive();
        assertThat(graph.statusCode()).isEqualTo(200);
        assertThat(graph.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(graph.headers().firstValue("ETag")).hasValue("\"" + served.getOnnx().getSha256() + "\"");
        assertThat(graph.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(PIPELINE + "-v1.onnx"));
        assertThat(ModelDigest.sha256Hex(graph.body())).isEqualTo(served.getOnnx().getSha256());
        assertThat(graph.body().length).isEqualTo(onnx.get("bytes").asInt());
        assertThat(rest.get("/v1/pipelines/" + PIPELINE + "/models/1").json().get("onnx").get("href").asText())
                .isEqualTo(onnx.get("href").asText());
    }

    @Test
    void shouldRefuseVersionsWithoutAGraphOrAVerifiedSignatureInJson() {
        RestClient rest = new RestClient(scorer.httpPort().getAsInt());
        String models = "/v1/pipelines/" + PIPELINE + "/models/";

        RestClient.Response withoutGraph = rest.get(models + "2/onnx");
        RestClient.Response unsigned = rest.get(models + "3/onnx");
        RestClient.Response unknown = rest.get(models + "9/onnx");

        assertThat(withoutGraph.status()).isEqualTo(404);
        assertThat(withoutGraph.json().get("error").asText()).isEqualTo("version 2 has no ONNX graph: it was published before ONNX export existed");
        assertThat(rest.get(models + "2").json().has("onnx")).isFalse();
        assertThat(unsigned.status()).isEqualTo(409);
        assertThat(unsigned.json().get("error").asText()).startsWith("version 3 cannot be exported: its signature does not verify");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("version 9 is not in the model history");
    }

    private static HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scorer.httpPort().getAsInt() + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static String historyKey(long version) {
        return new ModelHistoryKey(PIPELINE, version).toString();
    }

    private static void send(ProducerRecord<byte[], byte[]> record) {
        try {
            kafka.producer().send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }
}
