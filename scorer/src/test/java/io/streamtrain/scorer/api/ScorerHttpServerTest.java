package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.testing.DemoServer;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.RestClient.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST API on a free port, with fake models in a {@link CurrentModel}: no broker, no Smile. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScorerHttpServerTest {

    private static final String PREDICT = "/v1/pipelines/" + PIPELINE + "/predict";
    private static final String MODEL = "/v1/pipelines/" + PIPELINE + "/model";
    private static final int MAX_BODY_BYTES = 8 * 1024;
    private static final int MAX_BATCH_RECORDS = 20;
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123456Z");

    private final CurrentModel current = new CurrentModel();
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private DemoServer server;
    private RestClient client;

    @BeforeEach
    void startServer() {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, MAX_BODY_BYTES, MAX_BATCH_RECORDS, Duration.ofSeconds(5), Fixtures.CLIENT_LIMITS);
        server = DemoServer.start(current, alive::get, settings, Clock.fixed(NOW, ZoneOffset.UTC));
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldTurnReadyOnlyOnceAModelIsLoaded() {
        Response before = client.get("/health/ready");
        assertThat(before.status()).isEqualTo(503);
        assertThat(before.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(before.json().get("error").asText()).contains("waiting for the first model");
        assertThat(before.header("Retry-After")).isEqualTo("5");
        assertThat(client.get("/health/live").status()).isEqualTo(200);

        Fixtures.install(current, 1);

        Response after = client.get("/health/ready");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldReportNeitherLiveNorReadyOnceTheScorerStopped() {
        Fixtures.install(current, 1);
        alive.set(false);

        assertError(client.get("/health/live"), 503);
        assertError(client.get("/health/ready"), 503);
        assertThat(client.get("/health/live").json().get("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void shouldRefusePredictionsAndModelWith503BeforeTheFirstModel() {
        Response predict = client.post(PREDICT, json("a", 1));
        Response model = client.get(MODEL);

        assertThat(assertError(predict, 503).get("error").asText()).contains("no model of pipeline churn is loaded yet");
        assertThat(predict.header("Retry-After")).isEqualTo("5");
        assertError(model, 503);
    }

    @Test
    void shouldPredictOneRecordLeanlyByDefault() {
        Fixtures.install(current, 7);

        Response response = client.post(PREDICT, json("a", 1));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(fieldNames(body))
                .containsExactly("requestId", "pipeline", "modelVersion", "algorithm", "task", "scoredAt", "predictions");
        assertThat(body.get("modelVersion").asLong()).isEqualTo(7);
        assertThat(body.get("algorithm").asText()).isEqualTo("logistic-regression");
        assertThat(body.get("task").asText()).isEqualTo("CLASSIFICATION");
        assertThat(body.get("scoredAt").asText()).isEqualTo("2025-03-01T12:00:00.123Z");
        JsonNode prediction = body.get("predictions").get(0);
        assertThat(fieldNames(prediction)).containsExactly("recordId", "label", "probabilities");
        assertThat(prediction.get("recordId").asText()).isEqualTo("a");
        assertThat(prediction.get("label").asText()).isEqualTo("stay");
        assertThat(prediction.get("probabilities").get("stay").asDouble()).isEqualTo(1.0);
        assertThat(response.body()).doesNotContain("null");
    }

    @Test
    void shouldRefuseAnUnknownResponseFormatNamingTheFormats() {
        Fixtures.install(current, 7);

        Response response = client.post(PREDICT + "?format=compact", json("a", 1));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("format must be one of lean, topic, was 'compact'");
        assertThat(response.json().get("field").asText()).isEqualTo("format");
    }

    @Test
    void shouldPredictOneRecordWithTheFieldsOfTopicPredictionsWithFormatTopic() {
        Fixtures.install(current, 7);

        Response response = client.post(PREDICT + "?format=topic", json("a", 1));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("pipeline").asText()).isEqualTo(PIPELINE);
        assertThat(body.get("modelVersion").asLong()).isEqualTo(7);
        String requestId = body.get("requestId").asText();
        assertThat(requestId).isNotBlank();
        JsonNode prediction = body.get("predictions").get(0);
        assertThat(fieldNames(prediction))
                .containsExactly("requestId", "recordId", "pipeline", "modelVersion", "label", "value", "probabilities", "scoredAt",
                        "lineage");
        assertThat(prediction.get("requestId").asText()).isEqualTo(requestId);
        assertThat(prediction.get("recordId").asText()).isEqualTo("a");
        assertThat(prediction.get("modelVersion").asLong()).isEqualTo(7);
        assertThat(prediction.get("label").asText()).isEqualTo("stay");
        assertThat(prediction.get("value").isNull()).isTrue();
        assertThat(prediction.get("probabilities").get("stay").asDouble()).isEqualTo(1.0);
        assertThat(prediction.get("scoredAt").asText()).isEqualTo("2025-03-01T12:00:00.123Z");
    }

    @Test
    void shouldPredictABatchInRequestOrderUnderItsRequestId() {
        Fixtures.install(current, 2);
        String wrapper = "{\"requestId\":\"batch-1\",\"records\":[" + json("a", 1) + "," + json("b", 2) + "," + json("c", 3) + "]}";

        JsonNode wrapped = ok(client.post(PREDICT, wrapper));
        JsonNode array = ok(client.post(PREDICT, "[" + json("x", 1) + "," + json("y", 2) + "]"));

        assertThat(wrapped.get("requestId").asText()).isEqualTo("batch-1");
        assertThat(recordIds(wrapped)).containsExactly("a", "b", "c");
        assertThat(recordIds(array)).containsExactly("x", "y");
    }

    @Test
    void shouldAcceptNullForAnUnknownFeatureAndIgnoreTheLabel() {
        Fixtures.install(current, 1);
        String record = json("a", 1).replace("\"region\":\"north\"", "\"region\":null,\"label\":\"churn\"");

        assertThat(recordIds(ok(client.post(PREDICT, record)))).containsExactly("a");
    }

    @Test
    void shouldAnswer404ForAnUnknownPipeline() {
        Fixtures.install(current, 1);

        JsonNode predict = assertError(client.post("/v1/pipelines/other/predict", json("a", 1)), 404);
        JsonNode model = assertError(client.get("/v1/pipelines/other/model"), 404);

        assertThat(predict.get("error").asText()).contains("unknown pipeline 'other'").contains("'churn'");
        assertThat(model.get("error").asText()).contains("unknown pipeline 'other'");
    }

    @Test
    void shouldAnswerUnknownPathsAndWrongMethodsWithJson() {
        Response wrongMethod = client.get(PREDICT);

        assertThat(assertError(client.get("/v2/nothing"), 404).get("error").asText()).isEqualTo("no endpoint GET /v2/nothing; GET /openapi.json lists them");
        assertThat(assertError(wrongMethod, 405).get("error").asText()).isEqualTo("method GET is not allowed on " + PREDICT + "; use POST");
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    }

    @Test
    void shouldAnswerARawDotDotPathWithJsonNotHtml() throws IOException {
        for (String path : List.of("/../", "/..", "../x", "/%2e%2e/", "/a%00b", "/v1/pipelines/../../etc/passwd")) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).as(path).startsWith("HTTP/1.1 4");
                assertThat(answer.toLowerCase(Locale.ROOT)).as(path).contains("content-type: application/json").doesNotContain("<html");
                JsonNode body = new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(body.get("error").asText()).as(path).isNotBlank();
            }
        }
    }

    @Test
    void shouldRefuseABodyThatIsNotJsonWith415NamingTheAcceptedTypes() {
        Fixtures.install(current, 1);
        HttpRequest.Builder plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + PREDICT))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(json("a", 1)));

        JsonNode error = assertError(client.send(plain), 415);

        assertThat(error.get("error").asText()).contains("text/plain").contains("application/json");
        HttpRequest.Builder charset = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + PREDICT))
                .header("Content-Type", "application/json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(json("a", 1)));
        assertThat(ok(client.send(charset)).get("predictions")).hasSize(1);
    }

    @Test
    void shouldRefuseAKeyGivenTwiceNamingIt() {
        Fixtures.install(current, 1);
        String record = json("a", 1);
        String twice = record.substring(0, record.length() - 1) + ", \"id\": \"b\"}";

        assertThat(assertError(client.post(PREDICT, twice), 400).get("error").asText()).contains("key 'id' occurs more than once");
        assertThat(assertError(client.post(PREDICT, "[" + twice + "]"), 400).get("error").asText()).contains("key 'id'");
    }

    @Test
    void shouldPredictWithTheChosenVersionOnlyWhenItIsTheServedOne() {
        Fixtures.install(current, 7);

        assertThat(ok(client.post(PREDICT + "?version=7", json("a", 1))).get("modelVersion").asLong()).isEqualTo(7);
        assertThat(assertError(client.post(PREDICT + "?version=3", json("a", 1)), 409).get("error").asText())
                .contains("version 3 is not loaded").contains("serves version 7");
        assertThat(assertError(client.post(PREDICT + "?version=latest", json("a", 1)), 400).get("field").asText()).isEqualTo("version");
    }

    @Test
    void shouldRefuseMalformedJson() {
        Fixtures.install(current, 1);

        JsonNode error = assertError(client.post(PREDICT, "{\"id\": \"a\", \"tenureMonths\": "), 400);
        JsonNode trailing = assertError(client.post(PREDICT, json("a", 1) + " {}"), 400);

        assertThat(error.get("error").asText()).startsWith("malformed JSON at line 1");
        assertThat(error.has("field")).isFalse();
        assertThat(trailing.get("error").asText()).startsWith("malformed JSON");
    }

    @Test
    void shouldRefuseAnEmptyOrShapelessBody() {
        Fixtures.install(current, 1);

        assertThat(assertError(client.post(PREDICT, ""), 400).get("error").asText()).contains("empty");
        assertThat(assertError(client.post(PREDICT, "42"), 400).get("error").asText()).contains("got NUMBER");
        assertThat(assertError(client.post(PREDICT, "[]"), 400).get("error").asText()).contains("holds no records");
        assertThat(assertError(client.post(PREDICT, "[1]"), 400).get("record").asInt()).isZero();
    }

    @Test
    void shouldRefuseAFieldOfTheWrongTypeNamingIt() {
        Fixtures.install(current, 1);

        JsonNode error = assertError(client.post(PREDICT, json("a", 1).replace("\"tenureMonths\":1.0", "\"tenureMonths\":\"lots\"")), 400);

        assertThat(error.get("field").asText()).isEqualTo("tenureMonths");
        assertThat(error.get("record").asInt()).isZero();
        assertThat(error.get("error").asText()).isEqualTo("field tenureMonths: expected a number, got \"lots\"");
    }

    @Test
    void shouldRefuseAMissingFeatureNamingIt() {
        Fixtures.install(current, 1);

        JsonNode error = assertError(client.post(PREDICT, json("a", 1).replace(",\"region\":\"north\"", "")), 400);

        assertThat(error.get("field").asText()).isEqualTo("region");
        assertThat(error.get("error").asText()).contains("feature region is missing").contains("send null");
    }

    @Test
    void shouldRefuseABlankIdNamingIt() {
        Fixtures.install(current, 1);

        JsonNode blankId = assertError(client.post(PREDICT, json(" ", 1)), 400);

        assertThat(blankId.get("field").asText()).isEqualTo("id");
    }

    @Test
    void shouldPredictWithoutIdOrEventTimeGivingEachRecordAnIdFromTheRequest() {
        Fixtures.install(current, 1);
        String bare = json("a", 1).replace("\"id\":\"a\",", "").replace("\"eventTime\":1735689600000,", "");
        String nulls = json("a", 2).replace("\"id\":\"a\"", "\"id\":null").replace("1735689600000", "null");

        JsonNode body = ok(client.post(PREDICT, "{\"requestId\": \"r-7\", \"records\": [" + bare + ", " + nulls + "]}"));

        assertThat(recordIds(body)).containsExactly("r-7-0", "r-7-1");
    }

    @Test
    void shouldNameTheOffendingRecordOfABatch() {
        Fixtures.install(current, 1);
        String bad = json("c", 3).replace("\"premium\":true", "\"premium\":\"yes\"");

        JsonNode error = assertError(client.post(PREDICT, "[" + json("a", 1) + "," + json("b", 2) + "," + bad + "]"), 400);

        assertThat(error.get("field").asText()).isEqualTo("premium");
        assertThat(error.get("record").asInt()).isEqualTo(2);
        assertThat(error.get("error").asText()).startsWith("record 2: field premium: expected true or false");
    }

    @Test
    void shouldRefuseABadRequestId() {
        Fixtures.install(current, 1);

        JsonNode error = assertError(client.post(PREDICT, "{\"requestId\": 5, \"records\": [" + json("a", 1) + "]}"), 400);

        assertThat(error.get("field").asText()).isEqualTo("requestId");
    }

    @Test
    void shouldRefuseAnOversizedBodyWhetherItsLengthIsDeclaredOrNot() {
        Fixtures.install(current, 1);
        byte[] large = batch(MAX_BODY_BYTES / json("a", 1).length() + 5).getBytes(StandardCharsets.UTF_8);
        assertThat(large.length).isGreaterThan(MAX_BODY_BYTES);

        JsonNode declared = assertError(client.post(PREDICT, large), 400);
        JsonNode chunked = assertError(client.post(PREDICT, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))), 400);

        assertThat(declared.get("error").asText()).contains("larger than the " + MAX_BODY_BYTES + " bytes accepted")
                .contains("scorer.http.max.body.bytes");
        assertThat(chunked.get("error").asText()).contains("scorer.http.max.body.bytes");
        assertThat(ok(client.post(PREDICT, json("a", 1))).get("predictions")).hasSize(1);
    }

    @Test
    void shouldRefuseMoreRecordsThanABatchMayHold() {
        Fixtures.install(current, 1);

        JsonNode error = assertError(client.post(PREDICT, "{\"records\":" + batch(MAX_BATCH_RECORDS + 1) + "}"), 400);

        assertThat(error.get("field").asText()).isEqualTo("records");
        assertThat(error.get("error").asText()).contains("holds 21 records").contains("scorer.http.max.batch.records");
        assertThat(ok(client.post(PREDICT, batch(MAX_BATCH_RECORDS))).get("predictions")).hasSize(MAX_BATCH_RECORDS);
    }

    @Test
    void shouldAnswer500WithoutAStackTraceWhenTheModelFails() {
        Fixtures.install(current, Fixtures.envelope(4), (envelope, pipeline) -> new BrokenModel(envelope));

        JsonNode error = assertError(client.post(PREDICT, json("a", 1)), 500);

        assertThat(error.get("error").asText()).isEqualTo("model version 4 could not score record a (index 0); the scorer's log has the details");
    }

    @Test
    void shouldDescribeTheServedModel() {
        ModelEnvelope envelope = ModelEnvelope.newBuilder(Fixtures.envelope(3)).setMetrics(Map.of("accuracy", 0.9, "auc", 0.95)).build();
        Fixtures.install(current, envelope, (e, pipeline) -> new FakeModel(e, "stay"));

        JsonNode model = ok(client.get(MODEL));

        assertThat(model.get("version").asLong()).isEqualTo(3);
        assertThat(model.get("pipeline").asText()).isEqualTo(PIPELINE);
        assertThat(model.get("algorithm").asText()).isEqualTo("logistic-regression");
        assertThat(model.get("metrics").get("accuracy").asDouble()).isEqualTo(0.9);
        assertThat(model.get("lineage").get("batchId").asText()).isEqualTo("batch-3");
        assertThat(model.get("lineage").get("windowStart").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(model.get("lineage").get("recordCount").asLong()).isEqualTo(10);
        assertThat(model.get("classes")).extracting(JsonNode::asText).containsExactly("churn", "stay");
        assertThat(model.get("features")).hasSize(CONFIG.featureSpec().features().size());
        assertThat(model.has("modelBytes")).isFalse();
        assertThat(model.get("liveMetrics").get("labels").asLong()).isZero();
    }

    @Test
    void shouldDescribeDriftAndLiveQualityEvenBeforeTheFirstScoredRecord() {
        JsonNode drift = ok(client.get("/v1/pipelines/" + PIPELINE + "/drift"));

        assertThat(drift.get("modelVersion").isNull()).isTrue();
        assertThat(drift.get("drift").get("enabled").asBoolean()).isTrue();
        assertThat(drift.get("drift").get("reason").asText()).isEqualTo("no model has scored a record yet");
        assertThat(drift.get("labels").get("joined").asLong()).isZero();
        assertThat(drift.get("liveMetrics").isEmpty()).isTrue();
        assertError(client.get("/v1/pipelines/other/drift"), 404);
    }

    @Test
    void shouldListThePipelineWithItsState() {
        JsonNode waiting = ok(client.get("/v1/pipelines")).get("pipelines");
        Fixtures.install(current, 5);
        JsonNode serving = ok(client.get("/v1/pipelines")).get("pipelines");

        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("name").asText()).isEqualTo(PIPELINE);
        assertThat(waiting.get(0).get("state").asText()).isEqualTo("waiting-for-first-model");
        assertThat(waiting.get(0).get("modelVersion").isNull()).isTrue();
        assertThat(serving.get(0).get("state").asText()).isEqualTo("serving");
        assertThat(serving.get(0).get("modelVersion").asLong()).isEqualTo(5);
    }

    @Test
    void shouldServeTheOpenApiDocument() {
        JsonNode document = ok(client.get("/openapi.json"));

        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(fieldNames(document.get("paths"))).containsExactlyInAnyOrder("/v1/pipelines", "/v1/pipelines/{pipeline}/model",
                "/v1/pipelines/{pipeline}/predict", "/v1/pipelines/{pipeline}/train-and-score", "/v1/pipelines/{pipeline}/transient", "/v1/pipelines/{pipeline}/models", "/v1/pipelines/{pipeline}/models/{version}",
                "/v1/pipelines/{pipeline}/models/{version}/rollback", "/v1/pipelines/{pipeline}/models/{version}/trial/end", "/v1/pipelines/{pipeline}/pin", "/v1/pipelines/{pipeline}/drift", "/health/live",
                "/health/ready", "/openapi.json", "/v2/models/{pipeline}", "/v2/models/{pipeline}/ready", "/v2/models/{pipeline}/infer");
        assertThat(document.at("/components/schemas/InputRecord/required")).extracting(JsonNode::asText)
                .contains("tenureMonths", "region").doesNotContain("label", "id", "eventTime");
    }

    @Test
    void shouldAnswerEveryRequestWithOneVersionWhileModelsAreSwapped() throws Exception {
        Fixtures.install(current, 1);
        int clients = 4;
        int requestsPerClient = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<List<Long>>> calls = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                calls.add(CompletableFuture.supplyAsync(() -> versionsSeen(requestsPerClient), pool));
            }
            for (long version = 2; version <= 6; version++) {
                Fixtures.install(current, version);
            }
            for (CompletableFuture<List<Long>> call : calls) {
                List<Long> versions = call.get(30, TimeUnit.SECONDS);
                assertThat(versions).hasSize(requestsPerClient).allSatisfy(v -> assertThat(v).isBetween(1L, 6L));
                assertThat(versions).isSorted();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldStopListeningOnClose() {
        int port = server.port();
        server.close();

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).GET();
        assertThat(CompletableFuture.supplyAsync(() -> client.send(request))).failsWithin(Duration.ofSeconds(10));
    }

    @Test
    void shouldLetARequestInFlightFinishWhenClosingAndRefuseNewOnes() throws Exception {
        CountDownLatch scoring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Fixtures.install(current, Fixtures.envelope(2), (envelope, pipeline) -> new BlockingModel(envelope, scoring, release));
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> client.post(PREDICT, json("a", 1)));
        assertThat(scoring.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !closing.isDone());
        Response refused = client.post(PREDICT, json("b", 1));
        release.countDown();

        assertThat(refused.status()).isEqualTo(503);
        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        closing.get(10, TimeUnit.SECONDS);
    }

    /** Sends batches one after another; each must carry one version throughout, and versions only move forward. */
    private List<Long> versionsSeen(int requests) {
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            JsonNode body = ok(client.post(PREDICT + "?format=topic", batch(MAX_BATCH_RECORDS)));
            long version = body.get("modelVersion").asLong();
            assertThat(body.get("predictions")).hasSize(MAX_BATCH_RECORDS)
                    .allSatisfy(p -> assertThat(p.get("modelVersion").asLong()).isEqualTo(version));
            versions.add(version);
        }
        return versions;
    }

    private static String batch(int records) {
        return IntStream.range(0, records).mapToObj(i -> json("r-" + i, i)).collect(Collectors.joining(",", "[", "]"));
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Checks the error contract: the status, a JSON body with a message, and nothing of a stack trace. */
    private static JsonNode assertError(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
        return body;
    }

    private static List<String> recordIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("predictions").forEach(p -> ids.add(p.get("recordId").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return Collections.unmodifiableList(names);
    }

    /** Scores like {@link FakeModel}, but only once released, so a request can be held in flight. */
    private record BlockingModel(ModelEnvelope envelope, CountDownLatch scoring, CountDownLatch release) implements ScoringModel {
        @Override
        public ScoredRecord score(CleanRecord record) {
            scoring.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FakeModel(envelope, "stay").score(record);
        }
    }

    private record BrokenModel(ModelEnvelope envelope) implements ScoringModel {
        @Override
        public ScoredRecord score(CleanRecord record) {
            throw new IllegalStateException("internal detail that must not reach the client");
        }
    }
}
