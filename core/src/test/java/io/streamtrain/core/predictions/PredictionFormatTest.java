package io.streamtrain.core.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.TransientLineage;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionFormatTest {

    private static final Prediction PREDICTION = Prediction.newBuilder()
            .setRequestId("r-1")
            .setRecordId("c-1")
            .setPipeline("churn")
            .setModelVersion(4)
            .setLabel("stay")
            .setProbabilities(Map.of("stay", 0.75, "churn", 0.25))
            .setScoredAt(Instant.parse("2025-03-01T12:00:00.123Z"))
            .build();

    private static final TransientLineage LINEAGE = TransientLineage.newBuilder()
            .setBatchId("churn-1740830400000-0")
            .setWindowStart(Instant.parse("2025-03-01T12:00:00Z"))
            .setWindowEnd(Instant.parse("2025-03-01T12:01:00Z"))
            .setTrainingRecords(120)
            .setTrainRecords(96)
            .setTestRecords(24)
            .setAlgorithm("logistic-regression")
            .setMetrics(Map.of("f1", 0.8, "accuracy", 0.85))
            .build();

    @Test
    void shouldWriteJsonWithEveryPredictionFieldInSchemaOrder() throws IOException {
        JsonNode json = new ObjectMapper().readTree(PredictionFormat.JSON.encode(PREDICTION));

        assertThat(json.propertyStream().map(Map.Entry::getKey).toList()).isEqualTo(
                List.of("requestId", "recordId", "pipeline", "modelVersion", "label", "value", "probabilities", "scoredAt", "lineage"));
        assertThat(json.get("requestId").asText()).isEqualTo("r-1");
        assertThat(json.get("recordId").asText()).isEqualTo("c-1");
        assertThat(json.get("pipeline").asText()).isEqualTo("churn");
        assertThat(json.get("modelVersion").isIntegralNumber()).isTrue();
        assertThat(json.get("modelVersion").asLong()).isEqualTo(4);
        assertThat(json.get("label").asText()).isEqualTo("stay");
        assertThat(json.get("value").isNull()).isTrue();
        assertThat(json.get("probabilities").propertyStream().map(Map.Entry::getKey).toList()).containsExactly("churn", "stay");
        assertThat(json.get("probabilities").get("stay").asDouble()).isEqualTo(0.75);
        assertThat(json.get("scoredAt").asText()).isEqualTo("2025-03-01T12:00:00.123Z");
        assertThat(json.get("lineage").isNull()).isTrue();
    }

    @Test
    void shouldWriteTheTransientModelsLineageWhenThePredictionHasOne() throws IOException {
        Prediction transientPrediction = Prediction.newBuilder(PREDICTION).setModelVersion(0).setLineage(LINEAGE).build();

        JsonNode lineage = new ObjectMapper().readTree(PredictionFormat.JSON.encode(transientPrediction)).get("lineage");

        assertThat(lineage.get("batchId").asText()).isEqualTo("churn-1740830400000-0");
        assertThat(lineage.get("windowStart").asText()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(lineage.get("windowEnd").asText()).isEqualTo("2025-03-01T12:01:00Z");
        assertThat(lineage.get("trainingRecords").asLong()).isEqualTo(120);
        assertThat(lineage.get("trainRecords").asLong()).isEqualTo(96);
        assertThat(lineage.get("testRecords").asLong()).isEqualTo(24);
        assertThat(lineage.get("algorithm").asText()).isEqualTo("logistic-regression");
        assertThat(lineage.get("metrics").propertyStream().map(Map.Entry::getKey).toList()).containsExactly("accuracy", "f1");
        assertThat(AvroMessageCodec.of(Prediction.class).decode(PredictionFormat.AVRO.encode(transientPrediction)))
                .isEqualTo(transientPrediction);
    }

    @Test
    void shouldWriteAvroSingleObjectEncodingOfPrediction() {
        byte[] bytes = PredictionFormat.AVRO.encode(PREDICTION);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(AvroMessageCodec.of(Prediction.class).decode(bytes)).isEqualTo(PREDICTION);
    }

    @Test
    void shouldFindFormatsByConfigNameInAnyCase() {
        assertThat(PredictionFormat.of("json")).isEqualTo(PredictionFormat.JSON);
        assertThat(PredictionFormat.of(" AVRO ")).isEqualTo(PredictionFormat.AVRO);
        assertThatThrownBy(() -> PredictionFormat.of("xml")).isInstanceOf(IllegalArgumentException.class);
    }
}
