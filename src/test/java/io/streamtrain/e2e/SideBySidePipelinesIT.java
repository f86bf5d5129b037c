package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The repository's example pipelines, each on its own Avro schema, run side by side in one deployment on the
 * embedded broker: a classification pipeline with categorical features and missing values, and a regression
 * pipeline. Both train on one window and publish a model; one REST API scores for both, including records with a
 * category never seen in training and with missing values.
 */
@Timeout(120)
class SideBySidePipelinesIT {

    private static final Path EXAMPLES = Path.of("examples");
    private static final String CHURN = "telecom-churn";
    private static final String HOUSING = "housing";
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final int RECORDS_PER_PIPELINE = 800;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Deployment deployment;
    private static KafkaProducer<String, byte[]> producer;
    private final ExampleRecords examples = new ExampleRecords(11L);

    @BeforeAll
    static void startBothPipelines() {
        List<PipelineDefinition> pipelines = new ArrayList<>();
        for (String file : List.of("telecom-churn.properties", "housing.properties")) {
            Path path = EXAMPLES.resolve(file);
            Map<String, String> configuration = new HashMap<>(ConfigSources.load(path, Map.of()));
            configuration.putAll(Map.of("window.size.ms", "10000", "window.grace.ms", "1000", "window.idle.close.ms", "2000",
                    "input.partitions", "1", "streams.commit.interval.ms", "100",
                    "scorer.http.port", "0", "scorer.http.host", "127.0.0.1", "scorer.instance.id", "it-1"));
            pipelines.add(PipelineDefinition.of(path.toString(), configuration));
        }
        deployment = Deployment.start(new DeploymentDefinition(pipelines), EnumSet.allOf(ServiceKind.class), null, Duration.ofSeconds(90));
        Map<String, Object> properties = new HashMap<>(deployment.clientProperties());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(properties);
    }

    @AfterAll
    static void stopBothPipelines() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void shouldTrainAndServeAClassificationAndARegressionPipelineSideBySide() throws Exception {
        sendWindow(CHURN, examples::subscriber);
        sendWindow(HOUSING, examples::listing);

        ModelEnvelope churnModel = awaitFirstModel(CHURN);
        ModelEnvelope housingModel = awaitFirstModel(HOUSING);
        assertThat(churnModel.getPipeline()).isEqualTo(CHURN);
        assertThat(churnModel.getMetrics().get("accuracy")).isGreaterThan(0.8);
        assertThat(housingModel.getPipeline()).isEqualTo(HOUSING);
        assertThat(housingModel.getFeatureSchema().getFeatures()).extracting(f -> f.getName())
                .containsExactly("areaSqm", "rooms", "yearBuilt", "neighbourhood", "energyLabel", "hasGarden");

        int port = deployment.scorerHttpPort().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(port, "/v1/pipelines").findValuesAsText("state"))
                .containsExactly("serving", "serving"));
        assertThat(get(port, "/v1/pipelines").findValuesAsText("name")).containsExactly(CHURN, HOUSING);

        scoreSubscribers(port);
        scoreListings(port);
    }

    /** Held-out subscribers, one with categories never seen in training and one with every optional field missing. */
    private void scoreSubscribers(int port) throws Exception {
        Schema schema = schema(CHURN);
        List<GenericRecord> heldOut = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            heldOut.add(examples.subscriber(schema, "q-" + i, START));
        }
        ObjectNode unseen = ExampleRecords.json(examples.subscriber(schema, "unseen", START)).put("paymentMethod", "crypto")
                .put("internetService", "satellite");
        ObjectNode missing = ExampleRecords.json(examples.subscriber(schema, "missing", START)).putNull("monthlyCharges")
                .putNull("supportTickets").putNull("paymentMethod");

        JsonNode answer = predict(port, CHURN, heldOut, List.of(unseen, missing));

        JsonNode predictions = answer.get("predictions");
        assertThat(predictions).hasSize(heldOut.size() + 2);
        long correct = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            correct += predictions.get(i).get("label").asText().equals(heldOut.get(i).get("churned").toString()) ? 1 : 0;
        }
        assertThat((double) correct / heldOut.size()).as("held-out accuracy").isGreaterThanOrEqualTo(0.8);
        for (JsonNode special : List.of(predictions.get(heldOut.size()), predictions.get(heldOut.size() + 1))) {
            assertThat(special.get("label").asText()).isIn("yes", "no");
        }
        assertThat(answer.get("modelVersion").asLong()).isEqualTo(1);
    }

    /** Held-out houses, one in a neighbourhood never seen in training and one with every optional field missing. */
    private void scoreListings(int port) throws Exception {
        Schema schema = schema(HOUSING);
        List<GenericRecord> heldOut = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            heldOut.add(examples.listing(schema, "q-" + i, START));
        }
        ObjectNode unseen = ExampleRecords.json(examples.listing(schema, "unseen", START)).put("neighbourhood", "atlantis");
        ObjectNode missing = ExampleRecords.json(examples.listing(schema, "missing", START)).putNull("yearBuilt")
                .putNull("energyLabel").putNull("neighbourhood");

        JsonNode answer = predict(port, HOUSING, heldOut, List.of(unseen, missing));

        JsonNode predictions = answer.get("predictions");
        assertThat(predictions).hasSize(heldOut.size() + 2);
        double squaredError = 0;
        double squaredSpread = 0;
        double mean = heldOut.stream().mapToDouble(r -> (Double) r.get("price")).average().orElseThrow();
        for (int i = 0; i < heldOut.size(); i++) {
            double actual = (Double) heldOut.get(i).get("price");
            squaredError += Math.pow(predictedValue(predictions.get(i)) - actual, 2);
            squaredSpread += Math.pow(actual - mean, 2);
        }
        assertThat(1 - squaredError / squaredSpread).as("held-out R²").isGreaterThan(0.7);
        for (JsonNode special : List.of(predictions.get(heldOut.size()), predictions.get(heldOut.size() + 1))) {
            assertThat(predictedValue(special)).isFinite().isPositive();
        }
    }

    /** A regression prediction's value. */
    private static double predictedValue(JsonNode prediction) {
        return prediction.get("value").asDouble();
    }

    private void sendWindow(String pipeline, RecordFactory factory) {
        Schema schema = schema(pipeline);
        String topic = deployment.pipeline(pipeline).pipeline().topics().records();
        long spacing = 8_000 / RECORDS_PER_PIPELINE;
        for (int i = 0; i < RECORDS_PER_PIPELINE; i++) {
            String id = pipeline + "-" + i;
            GenericRecord record = factory.create(schema, id, START.plusMillis(i * spacing));
            byte[] value = i % 5 == 0 ? ExampleRecords.json(record).toString().getBytes(StandardCharsets.UTF_8)
                    : ExampleRecords.avro(record);
            producer.send(new ProducerRecord<>(topic, id, value));
        }
        producer.flush();
    }

    private static ModelEnvelope awaitFirstModel(String pipeline) {
        try (TopicReader history = new TopicReader(deployment.clientProperties(), deployment.pipeline(pipeline).pipeline().topics().modelHistory())) {
            List<ModelEnvelope> models = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                models.clear();
                history.poll().forEach(record -> models.add(ENVELOPES.decode(record.value())));
                assertThat(models).extracting(ModelEnvelope::getVersion).containsExactly(1L);
            });
            return models.getFirst();
        }
    }

    private static JsonNode predict(int port, String pipeline, List<GenericRecord> records, List<ObjectNode> extra) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("requestId", pipeline + "-held-out");
        ArrayNode array = body.putArray("records");
        records.forEach(record -> array.add(ExampleRecords.json(record)));
        extra.forEach(array::add);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/pipelines/" + pipeline + "/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Schema schema(String pipeline) {
        PipelineConfig config = deployment.pipeline(pipeline).pipeline();
        return config.inputSchema();
    }

    @FunctionalInterface
    private interface RecordFactory {
        GenericRecord create(Schema schema, String id, Instant eventTime);
    }
}
