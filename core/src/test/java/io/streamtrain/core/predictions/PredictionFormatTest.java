package io.streamtrain.core.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.TransientLineage;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    @Test
    void shouldWriteTheSameBytesAsJacksonForTheCommonPrediction() {
        Prediction regression = Prediction.newBuilder(PREDICTION).setLabel(null).setValue(-1234.5e-7)
                .setProbabilities(Map.of()).setScoredAt(Instant.parse("2025-03-01T12:00:00Z")).build();
        Prediction manyClasses = Prediction.newBuilder(PREDICTION).setProbabilities(Map.of("c", 1.0E-300, "a", 0.1,
                "b", 1.0 - 0.1 - 1.0E-300, "d", 0.0)).setScoredAt(Instant.parse("2025-03-01T12:00:00.010Z")).build();

        for (Prediction prediction : List.of(PREDICTION, regression, manyClasses)) {
            byte[] direct = new PredictionJsonWriter().write(prediction);
            assertThat(direct).as("written directly").isNotNull();
            assertThat(new String(direct, StandardCharsets.UTF_8))
                    .isEqualTo(new String(PredictionFormat.jackson(prediction), StandardCharsets.UTF_8));
            assertThat(PredictionFormat.JSON.encode(prediction)).isEqualTo(direct);
        }
    }

    @Test
    void shouldLeaveWhatNeedsEscapingOrIsNotANumberToJackson() {
        List<Prediction> uncommon = List.of(
                Prediction.newBuilder(PREDICTION).setRecordId("quote\"d").build(),
                Prediction.newBuilder(PREDICTION).setRequestId("back\\slash").build(),
                Prediction.newBuilder(PREDICTION).setLabel("tab\there").build(),
                Prediction.newBuilder(PREDICTION).setPipeline("caf\u00e9").build(),
                Prediction.newBuilder(PREDICTION).setRecordId("emoji \ud83d\ude00").build(),
                Prediction.newBuilder(PREDICTION).setProbabilities(Map.of("stay", Double.NaN, "churn", 0.5)).build(),
                Prediction.newBuilder(PREDICTION).setProbabilities(Map.of("new\nline", 1.0)).build(),
                Prediction.newBuilder(PREDICTION).setModelVersion(0).setLineage(LINEAGE).build());

        for (Prediction prediction : uncommon) {
            assertThat(new PredictionJsonWriter().write(prediction)).as("%s", prediction).isNull();
            assertThat(PredictionFormat.JSON.encode(prediction)).isEqualTo(PredictionFormat.jackson(prediction));
        }
    }

    @Test
    void shouldWriteRandomPredictionsAsJacksonDoes() {
        Random random = new Random(42);
        String alphabet = "abcXYZ019 -_.:/{}[],'\"\\\u0001\u007f\u00e9\u4e2d";
        PredictionJsonWriter writer = new PredictionJsonWriter();
        int direct = 0;
        for (int i = 0; i < 2_000; i++) {
            Map<String, Double> probabilities = new HashMap<>();
            int classes = random.nextInt(4);
            for (int c = 0; c < classes; c++) {
                probabilities.put(text(random, alphabet), random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            }
            boolean regression = classes == 0;
            Prediction prediction = Prediction.newBuilder()
                    .setRequestId(text(random, alphabet))
                    .setRecordId(text(random, alphabet))
                    .setPipeline(text(random, alphabet))
                    .setModelVersion(random.nextLong(Long.MAX_VALUE))
                    .setLabel(regression ? null : text(random, alphabet))
                    .setValue(regression ? random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20) : null)
                    .setProbabilities(probabilities)
                    .setScoredAt(Instant.ofEpochMilli(random.nextLong(4_102_444_800_000L)))
                    .build();
            byte[] written = writer.write(prediction);
            if (written != null) {
                direct++;
                assertThat(new String(written, StandardCharsets.UTF_8)).as("%s", prediction)
                        .isEqualTo(new String(PredictionFormat.jackson(prediction), StandardCharsets.UTF_8));
            }
        }
        assertThat(direct).as("predictions written directly").isGreaterThan(100);
    }

    private static String text(Random random, String alphabet) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(8);
        // Mostly plain text, so that many predictions take the direct path.
        boolean plain = random.nextInt(3) > 0;
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(plain ? 16 : alphabet.length())));
        }
        return text.toString();
    }
}
