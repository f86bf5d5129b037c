package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.Task;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.scorer.serve.RequestScorer;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.ServedModel;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.TrainedModels;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A regression model served over REST and on the topic path: a predicted value, no label, no probabilities. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegressionServingTest {

    private static final String PREDICT = "/v1/pipelines/" + PIPELINE + "/predict";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServedModel served = new ServedModel(() -> {
        ModelEnvelope envelope = TrainedModels.trainRegression(CONFIG, 4, 7);
        assertThat(envelope.getTask()).isEqualTo(Task.REGRESSION);
        return envelope;
    }, new HttpSettings("127.0.0.1", 0, 1024 * 1024, 10_000, Duration.ofSeconds(1), Fixtures.CLIENT_LIMITS));

    @Test
    void shouldAnswerRestRequestWithPredictedValues() {
        List<DemoRecord> customers = DemoData.unlabelled("rest", 50, 3);

        RestClient.Response response = served.client().post(PREDICT, DemoData.wrapper("rest-batch", customers));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("modelVersion").asLong()).isEqualTo(4);
        assertThat(response.json().get("task").asText()).isEqualTo("REGRESSION");
        JsonNode predictions = response.json().get("predictions");
        assertThat(predictions).hasSize(50);
        for (JsonNode prediction : predictions) {
            // Lean: no null label, no empty probabilities, only what is this record's own.
            List<String> fields = new ArrayList<>();
            prediction.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("recordId", "value");
            assertThat(prediction.get("value").isNumber()).isTrue();
        }
    }

    @Test
    void shouldDescribeTheResidualsOfTheServedRegressionModel() {
        ResidualSummary residuals = served.current().current().orElseThrow().envelope().getResiduals();

        JsonNode described = served.client().get("/v1/pipelines/" + PIPELINE + "/model").json().get("residuals");

        assertThat(described.get("count").asLong()).isEqualTo(residuals.getCount()).isPositive();
        assertThat(described.get("mean").asDouble()).isEqualTo(residuals.getMean());
        assertThat(described.get("standardDeviation").asDouble()).isEqualTo(residuals.getStandardDeviation());
        assertThat(described.get("quantileLevels")).hasSize(7);
        assertThat(described.get("quantiles").get(3).asDouble()).isEqualTo(residuals.getQuantiles().get(3));
        assertThat(described.get("histogramEdges")).hasSize(described.get("histogramCounts").size() + 1);
    }

    @Test
    void shouldPublishSameValuesOnTopicPathAsRestInEitherFormat() throws IOException {
        List<DemoRecord> customers = DemoData.unlabelled("topic", 40, 11);
        byte[] request = DemoData.wrapper("topic", customers);
        ScoringModel model = served.current().current().orElseThrow();

        List<JsonNode> fromJsonTopic = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> out : scorer(PredictionFormat.JSON).score(requestRecord(request), model)) {
            fromJsonTopic.add(withoutScoredAt(JSON.readTree(out.value())));
        }
        List<Double> fromAvroTopic = new ArrayList<>();
        AvroMessageCodec<Prediction> predictions = AvroMessageCodec.of(Prediction.class);
        for (ProducerRecord<byte[], byte[]> out : scorer(PredictionFormat.AVRO).score(requestRecord(request), model)) {
            Prediction prediction = predictions.decode(out.value());
            assertThat(prediction.getLabel()).isNull();
            assertThat(prediction.getProbabilities()).isEmpty();
            fromAvroTopic.add(prediction.getValue());
        }
        List<JsonNode> fromRest = new ArrayList<>();
        served.client().post(PREDICT + "?format=topic", request).json().get("predictions").forEach(p -> fromRest.add(withoutScoredAt(p)));

        assertThat(fromJsonTopic).hasSize(40);
        assertThat(fromRest).containsExactlyElementsOf(fromJsonTopic);
        assertThat(fromAvroTopic).containsExactlyElementsOf(fromRest.stream().map(p -> p.get("value").asDouble()).toList());
        assertThat(fromAvroTopic.stream().distinct().count()).as("values depend on the record").isGreaterThan(10);
    }

    private static RequestScorer scorer(PredictionFormat format) {
        return new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(CONFIG.inputSchema())),
                new FeatureExtractor(CONFIG.featureSpec()), format, PIPELINE, PIPELINE + ".predictions", PIPELINE + ".dlq", Clock.systemUTC());
    }

    private static ConsumerRecord<byte[], byte[]> requestRecord(byte[] request) {
        return Fixtures.request(PIPELINE + ".score-requests", 0, null, request);
    }

    private static JsonNode withoutScoredAt(JsonNode prediction) {
        JsonNode copy = prediction.deepCopy();
        ((ObjectNode) copy).remove("scoredAt");
        return copy;
    }
}
