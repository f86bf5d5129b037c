package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.testing.DemoServer;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.RestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-request training: a model trained and used within one request, with no model loaded and no broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainAndScoreRestTest {

    private static final String TRAIN_AND_SCORE = "/v1/pipelines/" + PIPELINE + "/train-and-score";
    private static final String FORMER_PATH = "/v1/pipelines/" + PIPELINE + "/transient";
    private static final int MAX_RECORDS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoServer server;
    private RestClient client;

    @BeforeEach
    void startServer() {
        start(new HttpSettings.RequestTraining(MAX_RECORDS, 1, Duration.ofSeconds(30)));
    }

    private void start(HttpSettings.RequestTraining training) {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, 1024 * 1024, 1000, Duration.ofSeconds(5), Fixtures.CLIENT_LIMITS,
                HttpSettings.NO_HEALTH_PORT, HttpSettings.DEFAULT_HISTORY_READ_TIMEOUT, training);
        CurrentModel current = new CurrentModel();
        server = DemoServer.start(current, settings);
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldTrainOnTheTrainRowsAndScoreTheScoreRowsWithoutAnyStoredModel() throws Exception {
        RestClient.Response response = client.post(TRAIN_AND_SCORE, body(DemoData.labelled("t", 300, 5), DemoData.unlabelled("s", 3, 6)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = response.json();
        assertThat(answer.path("modelVersion").asLong()).isZero();
        assertThat(answer.path("requestId").asText()).isEqualTo("transient-it");
        assertThat(answer.at("/model/records").asLong()).isEqualTo(300);
        assertThat(answer.at("/model/trainRecords").asLong() + answer.at("/model/testRecords").asLong()).isEqualTo(300);
        assertThat(answer.at("/model/metrics/f1").asDouble()).isBetween(0.0, 1.0);
        assertThat(answer.path("predictions")).hasSize(3).allSatisfy(prediction -> {
            assertThat(prediction.path("modelVersion").asLong()).isZero();
            assertThat(prediction.path("label").asText()).isIn("churn", "stay");
        });
        assertThat(client.get("/v1/pipelines/" + PIPELINE + "/model").status()).isEqualTo(503);
    }

    @Test
    void shouldAnswer422WhenTheTrainRowsMakeNoModel() throws Exception {
        RestClient.Response response = client.post(TRAIN_AND_SCORE, body(DemoData.labelled("t", 5, 5), DemoData.unlabelled("s", 1, 6)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("error").asText()).startsWith("the train rows make no model");
    }

    @Test
    void shouldNameTheTrainRecordWithoutALabel() throws Exception {
        List<DemoRecord> train = DemoData.unlabelled("t", 2, 5);

        RestClient.Response response = client.post(TRAIN_AND_SCORE, body(train, DemoData.unlabelled("s", 1, 6)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).startsWith("train record 0:");
        assertThat(response.json().path("field").asText()).isEqualTo("train");
    }

    @Test
    void shouldStillAnswerAtTheFormerPathAndSayItIsDeprecated() throws Exception {
        RestClient.Response response = client.post(FORMER_PATH, body(DemoData.labelled("t", 300, 5), DemoData.unlabelled("s", 2, 6)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("predictions")).hasSize(2);
        assertThat(response.raw().headers().firstValue("Deprecation")).hasValue("true");
        assertThat(response.raw().headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
                .contains("/v1/pipelines/" + PIPELINE + "/train-and-score").contains("successor-version"));
    }

    @Test
    void shouldRefuseMoreRowsThanTheTrainingLimitNamingTheKey() throws Exception {
        RestClient.Response response = client.post(TRAIN_AND_SCORE,
                body(DemoData.labelled("t", MAX_RECORDS, 5), DemoData.unlabelled("s", 1, 6)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).contains("at most " + MAX_RECORDS).contains("scorer.http.train.max.records");
    }

    @Test
    void shouldAnswer504WhenTheFitOutlastsItsTimeLimitAndKeepAnsweringOtherRequests() throws Exception {
        server.close();
        start(new HttpSettings.RequestTraining(MAX_RECORDS, 1, Duration.ofMillis(1)));

        RestClient.Response response = client.post(TRAIN_AND_SCORE, body(DemoData.labelled("t", 300, 5), DemoData.unlabelled("s", 1, 6)));

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().path("error").asText()).contains("scorer.http.train.timeout.ms");
        assertThat(client.get("/health/live").status()).isEqualTo(200);
    }

    private static String body(List<DemoRecord> train, List<DemoRecord> score) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("requestId", "transient-it");
        train.forEach(record -> body.withArray("train").add(JSON.valueToTree(DemoRecordEncoder.fields(record))));
        score.forEach(record -> body.withArray("score").add(JSON.valueToTree(DemoRecordEncoder.fields(record))));
        return JSON.writeValueAsString(body);
    }
}
