package io.streamtrain.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.Prediction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import io.streamtrain.scorer.model.VerifiedModel;
import io.streamtrain.scorer.serve.RecordPredictor;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.DemoRecordEncoder;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.ModelSigning;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.ScorerBroker;
import io.streamtrain.scorer.testing.TopicReader;
import io.streamtrain.scorer.testing.TrainedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scorer on a real embedded broker, with models trained by the real trainer code. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScorerServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);
    private static final AvroMessageCodec<Prediction> PREDICTIONS = AvroMessageCodec.of(Prediction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ScorerBroker kafka = new ScorerBroker();

    @Test
    void shouldHoldRequestsUntilTheFirstModelThenAnswerAllOfThem() {
        ScorerConfig config = pipeline("waiting", Map.of());
        ScorerService scorer = kafka.start(config);
        assertThat(scorer.currentModel().current()).isEmpty();
        List<DemoRecord> customers = DemoData.unlabelled("w", 10, 1);
        send(config.pipeline().topics().scoreRequests(), "single-0", DemoData.json(customers.get(0)));
        send(config.pipeline().topics().scoreRequests(), "single-1", DemoData.json(customers.get(1)));
        send(config.pipeline().topics().scoreRequests(), null, DemoData.wrapper("wrapped", customers.subList(2, 6)));
        send(config.pipeline().topics().scoreRequests(), "list", DemoData.array(customers.subList(6, 9)));
        send(config.pipeline().topics().scoreRequests(), "avro", DemoRecordEncoder.avro(customers.get(9)));
        TopicReader predictions = kafka.reader(config.pipeline().topics().predictions());

        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> predictions.poll().isEmpty() && committedOffsets(config.groupId()).isEmpty() && scorer.isHealthy());

        publish(config, TrainedModels.train(config.pipeline(), 1, 11));
        List<Prediction> answered = predictions(predictions.awaitAtLeast(10, WAIT));
        assertThat(answered).extracting(Prediction::getModelVersion).containsOnly(1L);
        assertThat(answered).extracting(Prediction::getRecordId)
                .containsExactlyInAnyOrderElementsOf(customers.stream().map(DemoRecord::getId).toList());
        assertThat(answered.stream().map(Prediction::getRequestId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("single-0", "single-1", "wrapped", "list", "avro");
        assertThat(answered).allSatisfy(p -> assertThat(p.getProbabilities()).containsOnlyKeys("churn", "stay"));
    }

    @Test
    void shouldSwapModelsWithoutLosingOrDuplicatingARequest() {
        ScorerConfig config = pipeline("swap", Map.of());
        String requests = config.pipeline().topics().scoreRequests();
        publish(config, TrainedModels.train(config.pipeline(), 1, 21));
        ScorerService scorer = kafka.start(config);
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(1);
        TopicReader predictions = kafka.reader(config.pipeline().topics().predictions());

        int expected = sendWrapped(requests, "before", 100, 3);
        predictions.awaitAtLeast(30, WAIT);
        publish(config, TrainedModels.train(config.pipeline(), 2, 22));
        expected += sendWrapped(requests, "during", 100, 3);
        await().atMost(WAIT).until(() -> scorer.currentModel().current().orElseThrow().version() == 2);
        expected += sendWrapped(requests, "after", 50, 2);

        List<ConsumerRecord<byte[], byte[]>> records = predictions.awaitAtLeast(expected, WAIT);
        int total = expected;
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> predictions.poll().size() == total);
        List<Prediction> answered = predictions(records);
        Set<String> distinct = answered.stream().map(p -> p.getRequestId() + "/" + p.getRecordId()).collect(Collectors.toSet());
        assertThat(distinct).hasSize(expected);
        assertThat(answered).filteredOn(p -> p.getRequestId().startsWith("after")).extracting(Prediction::getModelVersion).containsOnly(2L);
        assertThat(answered).filteredOn(p -> p.getRequestId().startsWith("before")).extracting(Prediction::getModelVersion).contains(1L);
        assertVersionsNeverGoBackWithinAPartition(records);
    }

    @Test
    void shouldParseOnAPoolOfItsOwnSizedByScorerThreadsAndEndItsThreadsWhenClosed() {
        ScorerConfig config = pipeline("pooled", Map.of(ScorerConfig.THREADS_CONFIG, "3"));
        publish(config, TrainedModels.train(config.pipeline(), 1, 41));
        // Waiting before the scorer starts, the requests come in polls of many, which are parsed on the pool.
        int expected = sendWrapped(config.pipeline().topics().scoreRequests(), "pooled", 300, 2);
        TopicReader predictions = kafka.reader(config.pipeline().topics().predictions());
        ScorerService scorer = kafka.start(config);

        predictions.awaitAtLeast(expected, WAIT);

        String prefix = "streamtrain-scorer-pooled-scoring-";
        assertThat(threadsNamed(prefix)).as("the scorer's pool threads after scoring").isNotEmpty()
                .allSatisfy(name -> assertThat(Integer.parseInt(name.substring(prefix.length()))).isBetween(1, 3));
        scorer.close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(threadsNamed(prefix)).as("pool threads after close").isEmpty());
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }

    @Test
    void shouldRefuseAModelWithOneByteFlippedInTheTopicAndKeepScoringWithThePreviousOne() {
        ScorerConfig config = pipeline("tamper", Map.of(PipelineConfig.PREDICTIONS_FORMAT_CONFIG, "avro"));
        ModelEnvelope v1 = TrainedModels.train(config.pipeline(), 1, 31);
        publish(config, v1);
        ScorerService scorer = kafka.start(config);
        TopicReader events = kafka.reader(config.pipeline().topics().events());

        ProducerRecord<byte[], byte[]> signed = ModelSigning.signed(config.pipeline().topics().models(), "tamper",
                TrainedModels.train(config.pipeline(), 2, 32));
        byte[] flipped = signed.value().clone();
        flipped[flipped.length / 2] ^= 0x01;
        kafka.send(new ProducerRecord<>(signed.topic(), null, signed.key(), flipped, signed.headers()));

        await().atMost(WAIT).until(() -> events(events.poll()).stream().anyMatch(e -> e.getType() == EventType.MODEL_REFUSED));
        PipelineEvent refused = events(events.poll()).stream().filter(e -> e.getType() == EventType.MODEL_REFUSED).findFirst().orElseThrow();
        assertThat(refused.getAttributes()).containsEntry("version", "unknown").containsEntry("servingVersion", "1")
                .containsEntry("instance", config.instanceId());
        assertThat(refused.getAttributes().get("reason")).contains("signature does not match");
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(1);
        assertThat(events(events.poll())).extracting(PipelineEvent::getType)
                .contains(EventType.MODEL_LOADED, EventType.SERVICE_STARTED);

        int expected = sendWrapped(config.pipeline().topics().scoreRequests(), "after-tamper", 5, 2);
        List<Prediction> answered = predictions(kafka.reader(config.pipeline().topics().predictions()).awaitAtLeast(expected, WAIT));
        assertThat(answered).hasSize(expected).extracting(Prediction::getModelVersion).containsOnly(1L);
        assertThat(scorer.isHealthy()).isTrue();
    }

    @Test
    void shouldSwitchToARolledBackOrPinnedVersionWithTheRestApiBehindItsToken() {
        ScorerConfig config = pipeline("rollback", Map.of(ScorerConfig.ADMIN_TOKEN_CONFIG, "s3cret"));
        PipelineConfig pipeline = config.pipeline();
        for (long version = 1; version <= 2; version++) {
            ModelEnvelope envelope = TrainedModels.train(pipeline, version, 50 + version);
            kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), new ModelHistoryKey("rollback", version).toString(), envelope));
            kafka.send(ModelSigning.signed(pipeline.topics().models(), "rollback", envelope));
        }
        ScorerService scorer = kafka.start(config);
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(2);
        ModelRegistry registry = new ModelRegistry(new RegistryClients(pipeline.kafka(), "it"), pipeline.topics(), "rollback",
                ModelSigning.VERIFIER, "it", Clock.systemUTC(), WAIT);
        kafka.closeAfterTest(registry);
        RestClient rest = new RestClient(scorer.httpPort().getAsInt());

        registry.rollback(1, "it");
        await().atMost(Duration.ofSeconds(2)).until(() -> scorer.currentModel().current().orElseThrow().version() == 1);
        assertThat(rest.send(admin(rest, "/pin", "wrong").PUT(BodyPublishers.ofString("{\"version\": 2}"))).status())
                .isEqualTo(401);
        RestClient.Response pinned = rest.send(admin(rest, "/pin", "s3cret")
                .PUT(BodyPublishers.ofString("{\"version\": 2, \"reason\": \"back to two, and stay\"}")));
        assertThat(pinned.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> scorer.currentModel().current().orElseThrow().version() == 2);
        JsonNode listed = rest.send(admin(rest, "/models", "s3cret").GET()).json();
        assertThat(rest.send(admin(rest, "/pin", "s3cret").DELETE()).status()).isEqualTo(200);

        assertThat(listed.path("currentVersion").asLong()).isEqualTo(2);
        assertThat(listed.path("pinnedVersion").asLong()).isEqualTo(2);
        assertThat(listed.path("models")).extracting(m -> m.path("version").asLong()).containsExactly(1L, 2L);
        assertThat(listed.path("models")).extracting(m -> m.path("status").asText()).containsExactly("superseded", "pinned");
        assertThat(listed.path("models")).extracting(m -> m.path("gateDecision").asText()).containsExactly("PROMOTED", "PROMOTED");
        assertThat(registry.pin()).hasValueSatisfying(pin -> assertThat(pin.getPinned()).isFalse());
        TopicReader events = kafka.reader(pipeline.topics().events());
        await().atMost(WAIT).until(() -> events(events.poll()).stream().filter(e -> e.getType() == EventType.MODEL_UNPINNED).count() == 1);
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(2);
        assertThat(scorer.isHealthy()).isTrue();

        RestClient.Response rolledBack = rest.send(admin(rest, "/models/1/rollback", "s3cret").POST(BodyPublishers.noBody()));
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().path("previousVersion").asLong()).isEqualTo(2);
        assertThat(rolledBack.json().path("currentVersion").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> scorer.currentModel().current().orElseThrow().version() == 1);
    }

    @Test
    void shouldPredictWithAVersionOfTheHistoryOnRequestWithoutChangingTheServedOne() throws Exception {
        ScorerConfig config = pipeline("versions", Map.of());
        PipelineConfig pipeline = config.pipeline();
        ModelEnvelope v1 = TrainedModels.train(pipeline, 1, 71);
        ModelEnvelope v2 = TrainedModels.train(pipeline, 2, 72);
        for (ModelEnvelope envelope : List.of(v1, v2)) {
            kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), new ModelHistoryKey("versions", envelope.getVersion()).toString(), envelope));
        }
        // Version 3 is in the history without a signature: it must be refused, as on the models topic.
        send(pipeline.topics().modelHistory(), new ModelHistoryKey("versions", 3).toString(),
                ENVELOPES.encode(TrainedModels.train(pipeline, 3, 73)));
        publish(config, v2);
        ScorerService scorer = kafka.start(config);
        RestClient rest = new RestClient(scorer.httpPort().getAsInt());
        List<DemoRecord> customers = DemoData.unlabelled("versions", 40, 7);
        String predict = "/v1/pipelines/versions/predict";

        RestClient.Response older = rest.post(predict + "?version=1", DemoData.array(customers));
        RestClient.Response served = rest.post(predict, DemoData.array(customers));

        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(older.json().get("modelVersion").asLong()).isEqualTo(1);
        assertThat(served.json().get("modelVersion").asLong()).isEqualTo(2);
        RecordPredictor direct = new RecordPredictor(new FeatureExtractor(pipeline.featureSpec()), "versions", Clock.systemUTC());
        VerifiedModel loadedDirectly = new VerifiedModel(ModelLoader.load(v1, "versions"));
        JsonNode answered = older.json().get("predictions");
        for (int i = 0; i < customers.size(); i++) {
            Prediction expected = ((RecordPredictor.Outcome.Predicted) direct.predict("direct", customers.get(i), 0, -1, i, loadedDirectly))
                    .prediction();
            assertThat(answered.get(i).get("label").asText()).isEqualTo(expected.getLabel());
            for (String label : List.of("churn", "stay")) {
                assertThat(answered.get(i).at("/probabilities/" + label).asDouble()).isEqualTo(expected.getProbabilities().get(label));
            }
        }
        assertThat(answered.toString()).as("version 1 answers differently from the served version 2")
                .isNotEqualTo(served.json().get("predictions").toString());
        RestClient.Response unknown = rest.post(predict + "?version=9", DemoData.array(customers));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("version 9 is not in the model history of pipeline versions");
        RestClient.Response unsigned = rest.post(predict + "?version=3", DemoData.array(customers));
        assertThat(unsigned.status()).as(unsigned.body()).isEqualTo(422);
        assertThat(unsigned.json().get("error").asText()).startsWith("version 3 cannot be used: ");
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(2);
        assertThat(rest.post(predict + "?version=1", DemoData.array(customers)).json().get("predictions"))
                .as("a second request is answered from the cache alike").isEqualTo(answered);
    }

    private static HttpRequest.Builder admin(RestClient rest, String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest.port() + "/v1/pipelines/rollback" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }

    @Test
    void shouldServeTheCurrentModelAtOnceAfterARestart() {
        ScorerConfig config = pipeline("restart", Map.of());
        String requests = config.pipeline().topics().scoreRequests();
        publish(config, TrainedModels.train(config.pipeline(), 1, 41));
        publish(config, TrainedModels.train(config.pipeline(), 2, 42));
        ScorerService first = kafka.start(config);
        assertThat(first.currentModel().current().orElseThrow().version()).isEqualTo(2);
        TopicReader predictions = kafka.reader(config.pipeline().topics().predictions());
        int expected = sendWrapped(requests, "first", 10, 2);
        predictions.awaitAtLeast(expected, WAIT);
        first.close();
        publish(config, TrainedModels.train(config.pipeline(), 3, 43));

        ScorerService second = kafka.start(config);

        assertThat(second.currentModel().current().orElseThrow().version()).isEqualTo(3);
        expected += sendWrapped(requests, "second", 10, 2);
        int total = expected;
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> predictions.poll().size() == total);
        List<Prediction> answered = predictions(predictions.poll());
        assertThat(answered).filteredOn(p -> p.getRequestId().startsWith("first")).extracting(Prediction::getModelVersion).containsOnly(2L);
        assertThat(answered).filteredOn(p -> p.getRequestId().startsWith("second")).hasSize(20)
                .extracting(Prediction::getModelVersion).containsOnly(3L);
        List<EventType> events = events(kafka.reader(config.pipeline().topics().events()).awaitAtLeast(5, WAIT))
                .stream().map(PipelineEvent::getType).toList();
        assertThat(events).containsSubsequence(EventType.MODEL_LOADED, EventType.SERVICE_STARTED, EventType.SERVICE_STOPPED,
                EventType.MODEL_LOADED, EventType.SERVICE_STARTED);
    }

    @Test
    void shouldDeadLetterBadRequestsWithTheReasonAndAnswerTheRest() {
        ScorerConfig config = pipeline("bad", Map.of());
        String requests = config.pipeline().topics().scoreRequests();
        publish(config, TrainedModels.train(config.pipeline(), 1, 51));
        kafka.start(config);
        List<DemoRecord> customers = DemoData.unlabelled("d", 4, 5);
        byte[] garbage = "this is not a request".getBytes(StandardCharsets.UTF_8);
        byte[] mixed = ("{\"requestId\":\"mixed\",\"records\":[" + new String(DemoData.json(customers.get(0)), StandardCharsets.UTF_8)
                + ",{\"id\":\"bad\",\"eventTime\":1,\"tenureMonths\":\"lots\"},"
                + new String(DemoData.json(customers.get(1)), StandardCharsets.UTF_8) + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] blankId = "{\"id\":\" \",\"eventTime\":1,\"tenureMonths\":3}".getBytes(StandardCharsets.UTF_8);
        send(requests, "garbage", garbage);
        send(requests, "empty", "[]".getBytes(StandardCharsets.UTF_8));
        send(requests, null, mixed);
        send(requests, "blank-id", blankId);
        send(requests, "good-json", DemoData.json(customers.get(2)));
        send(requests, "good-avro", DemoRecordEncoder.avro(customers.get(3)));

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.reader(config.pipeline().topics().deadLetters()).awaitAtLeast(4, WAIT);
        List<Prediction> answered = predictions(kafka.reader(config.pipeline().topics().predictions()).awaitAtLeast(4, WAIT));

        Map<String, ConsumerRecord<byte[], byte[]>> byRequest = new HashMap<>();
        dead.forEach(record -> byRequest.put(header(record, DeadLetterHeaders.REQUEST_ID), record));
        assertThat(byRequest).containsOnlyKeys("garbage", "empty", "mixed", "blank-id");
        assertThat(dead).allSatisfy(record -> assertThat(header(record, DeadLetterHeaders.SERVICE)).isEqualTo("scorer"));
        assertThat(byRequest.get("garbage").value()).isEqualTo(garbage);
        assertThat(header(byRequest.get("garbage"), DeadLetterHeaders.REASON)).isEqualTo("undecodable");
        assertThat(header(byRequest.get("garbage"), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(requests);
        assertThat(header(byRequest.get("empty"), DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(byRequest.get("mixed"), DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(header(byRequest.get("mixed"), DeadLetterHeaders.DETAIL)).contains("tenureMonths");
        assertThat(header(byRequest.get("mixed"), DeadLetterHeaders.REQUEST_INDEX)).isEqualTo("1");
        assertThat(header(byRequest.get("blank-id"), DeadLetterHeaders.REASON)).isEqualTo("missing-id");
        assertThat(byRequest.get("blank-id").value()).isEqualTo(blankId);
        assertThat(answered).extracting(Prediction::getRequestId)
                .containsExactlyInAnyOrder("mixed", "mixed", "good-json", "good-avro");
    }

    @Test
    void shouldServeRestOnceTheFirstModelIsLoadedWithTheTopicsPredictions() throws IOException {
        ScorerConfig config = pipeline("rest", Map.of());
        ScorerService scorer = kafka.start(config);
        RestClient rest = new RestClient(scorer.httpPort().orElseThrow());
        List<DemoRecord> customers = DemoData.unlabelled("rest", 20, 61);
        assertThat(rest.get("/health/live").status()).isEqualTo(200);
        assertThat(rest.get("/health/ready").status()).isEqualTo(503);
        assertThat(rest.post("/v1/pipelines/rest/predict", DemoData.array(customers)).status()).isEqualTo(503);

        publish(config, TrainedModels.train(config.pipeline(), 1, 61));
        await().atMost(WAIT).until(() -> rest.get("/health/ready").status() == 200);
        send(config.pipeline().topics().scoreRequests(), "from-topic", DemoData.array(customers));
        RestClient.Response fromRest = rest.post("/v1/pipelines/rest/predict?format=topic", DemoData.array(customers));
        List<Prediction> fromTopic = predictions(kafka.reader(config.pipeline().topics().predictions()).awaitAtLeast(20, WAIT));

        assertThat(fromRest.status()).isEqualTo(200);
        Map<String, Prediction> byRecord = fromTopic.stream().collect(Collectors.toMap(Prediction::getRecordId, p -> p));
        JsonNode restPredictions = fromRest.json().get("predictions");
        assertThat(restPredictions).hasSize(20);
        for (JsonNode rested : restPredictions) {
            Prediction topic = prediction(JSON.writeValueAsBytes(rested));
            Prediction same = byRecord.get(topic.getRecordId());
            assertThat(topic.getModelVersion()).isEqualTo(same.getModelVersion()).isEqualTo(1);
            assertThat(topic.getLabel()).isEqualTo(same.getLabel());
            assertThat(topic.getProbabilities()).isEqualTo(same.getProbabilities());
        }
        int port = scorer.httpPort().orElseThrow();
        scorer.close();
        assertThat(scorer.httpPort()).isEmpty();
        assertThatCode(() -> new ServerSocket(port).close()).as("port %d is free again", port).doesNotThrowAnyException();
    }

    @Test
    void shouldFailToStartAndNameTheKeyWhenTheHttpPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            ScorerConfig config = pipeline("port", Map.of(ScorerConfig.HTTP_PORT_CONFIG, String.valueOf(taken.getLocalPort())));
            ScorerService scorer = new ScorerService(config, Clock.systemUTC());
            kafka.closeAfterTest(scorer);

            assertThatThrownBy(() -> scorer.start(ScorerBroker.START_TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining(ScorerConfig.HTTP_PORT_CONFIG);
            assertThat(scorer.isHealthy()).isFalse();
        }
    }

    @Test
    void shouldFailToStartAndSayWhyWhenThePipelineTopicsDoNotExist() {
        Map<String, String> settings = new HashMap<>(ModelSigning.settings());
        settings.putAll(Map.of("pipeline.name", "missing", "kafka.bootstrap.servers", kafka.bootstrapServers(),
                ScorerConfig.HTTP_PORT_CONFIG, "0"));
        ScorerConfig config = new ScorerConfig(PipelineDefinition.of("test", settings));
        ScorerService scorer = new ScorerService(config, Clock.systemUTC());
        kafka.closeAfterTest(scorer);

        assertThatThrownBy(() -> scorer.start(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("models topic missing.models not read to its end");
        assertThat(scorer.isHealthy()).isFalse();
    }

    private static ScorerConfig pipeline(String name, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(ScorerConfig.HTTP_PORT_CONFIG, "0"));
        all.putAll(settings);
        return kafka.config(name, name + "-1", all);
    }

    private static void publish(ScorerConfig config, ModelEnvelope envelope) {
        String pipeline = config.pipeline().pipelineName();
        kafka.send(ModelSigning.signed(config.pipeline().topics().models(), pipeline, envelope));
    }

    /** Sends {@code requests} wrapper requests of {@code size} records each; returns the number of records. */
    private static int sendWrapped(String topic, String prefix, int requests, int size) {
        for (int i = 0; i < requests; i++) {
            List<DemoRecord> customers = DemoData.unlabelled(prefix + "-" + i, size, i);
            send(topic, null, DemoData.wrapper(prefix + "-" + i, customers));
        }
        return requests * size;
    }

    private static void send(String topic, String key, byte[] value) {
        kafka.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static Map<?, ?> committedOffsets(String groupId) throws Exception {
        return kafka.admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    /** Predictions in either format: Avro single-object encoding or the JSON object. */
    private static List<Prediction> predictions(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> prediction(record.value())).toList();
    }

    private static Prediction prediction(byte[] value) {
        if (value[0] == (byte) 0xC3) {
            return PREDICTIONS.decode(value);
        }
        try {
            JsonNode json = JSON.readTree(value);
            Map<String, Double> probabilities = new HashMap<>();
            json.get("probabilities").properties().forEach(e -> probabilities.put(e.getKey(), e.getValue().asDouble()));
            return Prediction.newBuilder()
                    .setRequestId(json.get("requestId").asText())
                    .setRecordId(json.get("recordId").asText())
                    .setPipeline(json.get("pipeline").asText())
                    .setModelVersion(json.get("modelVersion").asLong())
                    .setLabel(json.get("label").asText())
                    .setProbabilities(probabilities)
                    .setScoredAt(Instant.parse(json.get("scoredAt").asText()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PipelineEvent> events(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> EVENTS.decode(record.value())).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.read(record.headers(), name);
    }

    /** Batches are scored with one model each, in order, so no partition may show an older version after a newer one. */
    private static void assertVersionsNeverGoBackWithinAPartition(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, Long> latest = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long version = prediction(record.value()).getModelVersion();
            seen.add(version);
            long before = latest.getOrDefault(record.partition(), 0L);
            assertThat(version).as("version at %s-%d@%d", record.topic(), record.partition(), record.offset()).isGreaterThanOrEqualTo(before);
            latest.put(record.partition(), version);
        }
        assertThat(seen).containsExactlyInAnyOrder(1L, 2L);
    }
}
