package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import io.streamtrain.scorer.testing.DemoData;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A train-and-score request's model follows its pipeline's {@code train.refit}, as the trainer's models do. */
class TrainAndScoreRefitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldServeAModelFitAgainOnEveryTrainRowUnlessThePipelineTurnsTheRefitOff() throws Exception {
        JsonNode body = body(DemoData.labelled("t", 300, 5), DemoData.unlabelled("s", 20, 6));

        ObjectNode refit = trainAndScore(Map.of(), body);
        ObjectNode evaluated = trainAndScore(Map.of(PipelineConfig.TRAIN_REFIT_CONFIG, "false"), body);
        ObjectNode evaluatedAgain = trainAndScore(Map.of(PipelineConfig.TRAIN_REFIT_CONFIG, "false"), body);

        // One evaluated fit behind both: the same split and test metrics.
        assertThat(refit.get("model").get("testRecords").asLong()).isPositive();
        assertThat(refit.get("model").get("metrics")).isEqualTo(evaluated.get("model").get("metrics"));
        // The evaluated fit is deterministic, so a difference in the answers is the refit's, which also learned the test rows.
        assertThat(probabilities(evaluated)).isEqualTo(probabilities(evaluatedAgain));
        assertThat(probabilities(refit)).isNotEqualTo(probabilities(evaluated));
    }

    private static ObjectNode trainAndScore(Map<String, String> settings, JsonNode body) {
        Map<String, String> configuration = new HashMap<>(settings);
        configuration.put(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE);
        PipelineConfig pipeline = new PipelineConfig(configuration);
        Clock clock = Clock.systemUTC();
        RestScorer scorer = new RestScorer(pipeline.inputSchema(), pipeline.featureSpec(), PIPELINE, clock);
        try (OffloadedCalls fits = new OffloadedCalls(1, Duration.ofSeconds(60), Thread.ofVirtual().factory())) {
            return new TrainAndScore(pipeline, scorer, 1_000, fits, clock).handle(body, () -> "refit-test");
        }
    }

    private static List<JsonNode> probabilities(ObjectNode answer) {
        return answer.get("predictions").valueStream().map(prediction -> prediction.get("probabilities")).toList();
    }

    private static JsonNode body(List<DemoRecord> train, List<DemoRecord> score) {
        ObjectNode body = JSON.createObjectNode();
        train.forEach(record -> body.withArray("train").add(JSON.valueToTree(DemoRecordEncoder.fields(record))));
        score.forEach(record -> body.withArray("score").add(JSON.valueToTree(DemoRecordEncoder.fields(record))));
        return body;
    }
}
