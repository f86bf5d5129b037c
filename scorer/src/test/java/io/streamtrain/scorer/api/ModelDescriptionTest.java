package io.streamtrain.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.scorer.testing.Fixtures;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelDescriptionTest {

    @Test
    void shouldDescribeEveryWindowOfTheHorizonAndLeaveItOutForOlderModels() {
        ModelEnvelope envelope = Fixtures.envelope(3);
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        envelope.getLineage().setHorizon(new HorizonFacts(120L, 100L, "uniform", "newest-window", true, List.of(
                new LineageWindow("b1", start, start.plusSeconds(60), 0, 10L, 14L, List.of(), 60L, 40L),
                new LineageWindow("b2", start.plusSeconds(60), start.plusSeconds(120), 0, 15L, 19L, List.of(), 60L, 60L))));

        JsonNode horizon = ModelDescription.of(envelope).get("lineage").get("horizon");

        assertThat(horizon.get("rowsAvailable").asLong()).isEqualTo(120);
        assertThat(horizon.get("rowsUsed").asLong()).isEqualTo(100);
        assertThat(horizon.get("refit").asBoolean()).isTrue();
        assertThat(horizon.get("windows")).hasSize(2);
        assertThat(horizon.get("windows").get(0).get("batchId").asText()).isEqualTo("b1");
        assertThat(horizon.get("windows").get(0).get("rowsUsed").asLong()).isEqualTo(40);
        assertThat(horizon.get("windows").get(1).get("firstOffset").asLong()).isEqualTo(15);
        assertThat(ModelDescription.of(Fixtures.envelope(4)).get("lineage").has("horizon")).isFalse();
    }

    @Test
    void shouldDescribeTheTuningSearchWithEveryCandidateAndLeaveItOutWithoutOne() {
        ModelEnvelope envelope = Fixtures.envelope(5);
        envelope.setTuning(new TuningReport("random", "f1", true, 400L, 400L, 5, 10_000L, 10_020L, true, 1, List.of(
                new TuningCandidate(Map.of("lambda", "1.0"), 0.8, "scored"),
                new TuningCandidate(Map.of("lambda", "0.1"), 0.85, "scored"),
                new TuningCandidate(Map.of("lambda", "0.01"), null, "not finished (budget)"))));

        JsonNode tuning = ModelDescription.of(envelope).get("tuning");

        assertThat(tuning.get("mode").asText()).isEqualTo("random");
        assertThat(tuning.get("metric").asText()).isEqualTo("f1");
        assertThat(tuning.get("folds").asInt()).isEqualTo(5);
        assertThat(tuning.get("budgetExhausted").asBoolean()).isTrue();
        assertThat(tuning.get("chosen").asInt()).isEqualTo(1);
        assertThat(tuning.get("candidates")).hasSize(3);
        assertThat(tuning.get("candidates").get(1).get("hyperparameters").get("lambda").asText()).isEqualTo("0.1");
        assertThat(tuning.get("candidates").get(1).get("score").asDouble()).isEqualTo(0.85);
        assertThat(tuning.get("candidates").get(2).get("score").isNull()).isTrue();
        assertThat(tuning.get("candidates").get(2).get("outcome").asText()).isEqualTo("not finished (budget)");
        assertThat(ModelDescription.of(Fixtures.envelope(6)).has("tuning")).isFalse();
    }

    @Test
    void shouldSayWhetherTheModelsWindowWasCompleteAndNameTheInputPartitionsItLacked() {
        ModelEnvelope incomplete = Fixtures.envelope(7);
        incomplete.getLineage().setMissingInputPartitions(List.of(2));

        JsonNode complete = ModelDescription.of(Fixtures.envelope(8)).get("lineage");
        JsonNode lacking = ModelDescription.of(incomplete).get("lineage");

        assertThat(complete.get("complete").asBoolean()).isTrue();
        assertThat(complete.get("missingInputPartitions")).isEmpty();
        assertThat(lacking.get("complete").asBoolean()).isFalse();
        assertThat(lacking.get("missingInputPartitions")).extracting(JsonNode::asInt).containsExactly(2);
    }

    @Test
    void shouldLinkTheOnnxGraphWithTheTrainersCheckAndLeaveItOutForModelsWithoutOne() {
        ModelEnvelope envelope = Fixtures.envelope(5);
        envelope.setOnnx(new OnnxGraph(ByteBuffer.wrap(new byte[] {1, 2, 3}), "abc123", 60L, 2.5e-8, 1e-6));

        JsonNode onnx = ModelDescription.of(envelope).get("onnx");

        assertThat(onnx.get("href").asText()).isEqualTo("/v1/pipelines/" + envelope.getPipeline() + "/models/5/onnx");
        assertThat(onnx.get("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(onnx.get("bytes").asInt()).isEqualTo(3);
        assertThat(onnx.get("sha256").asText()).isEqualTo("abc123");
        assertThat(onnx.get("verifiedRows").asLong()).isEqualTo(60);
        assertThat(onnx.get("maxDifference").asDouble()).isEqualTo(2.5e-8);
        assertThat(onnx.get("tolerance").asDouble()).isEqualTo(1e-6);
        assertThat(ModelDescription.of(Fixtures.envelope(6)).has("onnx")).isFalse();
    }
}
