package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.scorer.serve.RequestScorer;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.ServedModel;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.RestClient.Response;
import io.streamtrain.scorer.testing.TrainedModels;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST API with a real model trained by the ML module: large batches, and the same predictions as the topic path. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestPredictionsTest {

    private static final String PREDICT = "/v1/pipelines/" + PIPELINE + "/predict";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The scorer's default REST settings. */
    private static final HttpSettings SETTINGS = new ScorerConfig(PipelineDefinition.of("test",
            Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE, ScorerConfig.HTTP_PORT_CONFIG, "0"))).http().orElseThrow();

    @RegisterExtension
    static final ServedModel served = new ServedModel(() -> TrainedModels.train(CONFIG, 1, 7), SETTINGS);

    @Test
    void shouldScoreABatchOfTenThousandRecordsWithOneModelVersion() {
        List<DemoRecord> customers = DemoData.unlabelled("big", 10_000, 3);

        Response response = served.client().post(PREDICT, DemoData.wrapper("big-batch", customers));

        assertThat(response.status()).as(response.body().substring(0, Math.min(300, response.body().length()))).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("modelVersion").asLong()).isEqualTo(1);
        assertThat(body.get("requestId").asText()).isEqualTo("big-batch");
        JsonNode predictions = body.get("predictions");
        assertThat(predictions).hasSize(10_000);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < predictions.size(); i++) {
            JsonNode prediction = predictions.get(i);
            assertThat(prediction.get("recordId").asText()).isEqualTo(customers.get(i).getId());
            assertThat(prediction.has("requestId")).as("the request's fields are said once, not per prediction").isFalse();
            assertThat(prediction.has("modelVersion")).isFalse();
            assertThat(prediction.get("label").asText()).isIn("churn", "stay");
            JsonNode probabilities = prediction.get("probabilities");
            assertThat(probabilities.get("churn").asDouble() + probabilities.get("stay").asDouble()).isCloseTo(1.0, offset(1e-9));
            ids.add(prediction.get("recordId").asText());
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void shouldScoreTheLargestBatchTheDefaultsAllowInOneBodyUnderTheDefaultLimit() {
        int records = SETTINGS.maxBatchRecords();
        byte[] full = DemoData.wrapper("full", DemoData.unlabelled("full", records, 5));
        byte[] tooMany = DemoData.wrapper("too-many", DemoData.unlabelled("more", records + 1, 5));
        assertThat(full.length).as("a full batch of demo records fits the default body limit").isLessThan(SETTINGS.maxBodyBytes());

        Response response = served.client().post(PREDICT, full);

        assertThat(response.status()).as(response.body().substring(0, Math.min(300, response.body().length()))).isEqualTo(200);
        assertThat(response.json().get("predictions")).hasSize(records);
        Response refused = served.client().post(PREDICT, tooMany);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("scorer.http.max.batch.records");
    }

    @Test
    void shouldPredictExactlyWhatTheTopicPathPredicts() throws IOException {
        List<DemoRecord> customers = DemoData.unlabelled("same", 200, 11);
        byte[] request = DemoData.wrapper("same", customers);
        ScoringModel model = served.current().current().orElseThrow();
        RequestScorer topicScorer = new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(CONFIG.inputSchema())),
                new FeatureExtractor(CONFIG.featureSpec()), PredictionFormat.JSON, PIPELINE, PIPELINE + ".predictions",
                PIPELINE + ".dlq", Clock.systemUTC());

        List<JsonNode> fromTopic = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> out : topicScorer.score(Fixtures.request(PIPELINE + ".score-requests", 0, null, request), model)) {
            fromTopic.add(withoutScoredAt(JSON.readTree(out.value())));
        }
        List<JsonNode> fromRest = new ArrayList<>();
        served.client().post(PREDICT + "?format=topic", request).json().get("predictions").forEach(p -> fromRest.add(withoutScoredAt(p)));

        assertThat(fromTopic).hasSize(200);
        assertThat(fromRest).containsExactlyElementsOf(fromTopic);
        assertThat(fromRest.stream().map(p -> p.get("label").asText()).distinct()).containsExactlyInAnyOrder("churn", "stay");
    }

    private static JsonNode withoutScoredAt(JsonNode prediction) {
        JsonNode copy = prediction.deepCopy();
        ((ObjectNode) copy).remove("scoredAt");
        return copy;
    }
}
