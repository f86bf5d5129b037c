package io.streamtrain.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.WindowCloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroMessageCodecTest {

    private static final Instant WINDOW_START = Instant.parse("2024-05-01T12:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2024-05-01T12:01:00Z");

    @Test
    void shouldRoundTripBatchChunkWhenPartIsChunk() {
        BatchMessage chunk = BatchMessage.newBuilder()
                .setPipeline("churn").setBatchId("churn-1714564800000-0")
                .setPart(new BatchChunk(0, List.of(cleanRecord("r-1", "stay"), cleanRecord("r-2", 4.5))))
                .build();

        BatchMessage decoded = roundTrip(BatchMessage.class, chunk);

        assertThat(decoded).isEqualTo(chunk);
        assertThat(decoded.getPart()).isInstanceOf(BatchChunk.class);
    }

    @Test
    void shouldRoundTripBatchManifestWhenPartIsManifest() {
        BatchMessage manifest = BatchMessage.newBuilder()
                .setPipeline("churn").setBatchId("churn-1714564800000-0")
                .setPart(BatchManifest.newBuilder()
                        .setWindowStart(WINDOW_START).setWindowEnd(WINDOW_END)
                        .setCloseReason(WindowCloseReason.MAX_RECORDS)
                        .setRecordCount(2).setChunkCount(1)
                        .setFeatureNames(List.of("tenureMonths", "region"))
                        .setSourceTopic("churn.records")
                        .setSourceRanges(List.of(new OffsetRange(0, 10L, 11L, 2L)))
                        .setClosedAt(WINDOW_END.plusMillis(5))
                        .build())
                .build();

        BatchMessage decoded = roundTrip(BatchMessage.class, manifest);

        assertThat(decoded).isEqualTo(manifest);
        assertThat(decoded.getPart()).isInstanceOf(BatchManifest.class);
    }

    @Test
    void shouldRoundTripModelEnvelopeWhenAllPartsAreSet() {
        ModelEnvelope envelope = modelEnvelope();

        ModelEnvelope decoded = roundTrip(ModelEnvelope.class, envelope);

        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.getModelBytes()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        assertThat(decoded.getPreprocessing().getColumns().getLast().getCategories()).containsExactly("north", "south");
    }

    @Test
    void shouldRoundTripPipelineEventWhenAttributesAreSet() {
        PipelineEvent event = PipelineEvent.newBuilder()
                .setEventId("e-1").setPipeline("churn").setType(EventType.MODEL_PUBLISHED)
                .setSource("trainer").setTime(WINDOW_END).setMessage("model 3 published")
                .setAttributes(Map.of("version", "3", "accuracy", "0.91"))
                .build();

        assertThat(roundTrip(PipelineEvent.class, event)).isEqualTo(event);
    }

    @Test
    void shouldRoundTripPredictionWhenClassificationOrRegression() {
        Prediction classification = Prediction.newBuilder()
                .setRequestId("q-1").setRecordId("r-1").setPipeline("churn").setModelVersion(3)
                .setLabel("churn").setProbabilities(Map.of("churn", 0.8, "stay", 0.2)).setScoredAt(WINDOW_END)
                .build();
        Prediction regression = Prediction.newBuilder()
                .setRequestId("q-2").setRecordId("r-2").setPipeline("spend").setModelVersion(1)
                .setValue(42.5).setScoredAt(WINDOW_END)
                .build();

        assertThat(roundTrip(Prediction.class, classification)).isEqualTo(classification);
        assertThat(roundTrip(Prediction.class, regression)).isEqualTo(regression);
    }

    @Test
    void shouldRoundTripCleanRecordWhenFeaturesHaveMissingValues() {
        CleanRecord record = new CleanRecord("r-3", WINDOW_START, Arrays.asList(1.5, null, "north"), null, 2, 99L, null);

        CleanRecord decoded = roundTrip(CleanRecord.class, record);

        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.getFeatures()).containsExactly(1.5, null, "north");
    }

    @Test
    void shouldStartWithSingleObjectMarkerWhenEncoding() {
        byte[] bytes = AvroMessageCodec.of(CleanRecord.class).encode(cleanRecord("r-1", "stay"));

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void shouldThrowSerializationExceptionWhenBytesAreGarbage() {
        AvroMessageCodec<ModelEnvelope> codec = AvroMessageCodec.of(ModelEnvelope.class);

        assertThatThrownBy(() -> codec.decode("not an envelope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ModelEnvelope");
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldThrowSerializationExceptionWhenBytesAreAnotherMessageType() {
        byte[] cleanRecord = AvroMessageCodec.of(CleanRecord.class).encode(cleanRecord("r-1", "stay"));

        assertThatThrownBy(() -> AvroMessageCodec.of(ModelEnvelope.class).decode(cleanRecord))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldThrowSerializationExceptionWhenMessageIsTruncated() {
        AvroMessageCodec<ModelEnvelope> codec = AvroMessageCodec.of(ModelEnvelope.class);
        byte[] bytes = codec.encode(modelEnvelope());

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> codec.decode(truncated)).as("first %d bytes", length).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void shouldDecodeOldMessageWhenWriterSchemaIsRegistered() throws IOException {
        Schema oldPrediction = MessageSchemaFiles.edit(Prediction.getClassSchema(), root ->
                ((ArrayNode) root.get("fields")).remove(5));
        GenericRecord old = new GenericRecordBuilder(oldPrediction)
                .set("requestId", "q-1").set("recordId", "r-1").set("pipeline", "churn").set("modelVersion", 2L)
                .set("label", "stay").set("probabilities", Map.of()).set("scoredAt", WINDOW_END.toEpochMilli())
                .build();
        byte[] bytes = bytesOf(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), oldPrediction).encode(old));

        assertThatThrownBy(() -> AvroMessageCodec.of(Prediction.class).decode(bytes)).isInstanceOf(SerializationException.class);
        Prediction decoded = AvroMessageCodec.of(Prediction.class).withWriterSchema(oldPrediction).decode(bytes);

        assertThat(decoded.getLabel()).isEqualTo("stay");
        assertThat(decoded.getValue()).isNull();
        assertThat(decoded.getScoredAt()).isEqualTo(WINDOW_END);
    }

    @Test
    void shouldPassTombstonesThroughWhenUsedAsSerde() {
        Serde<PipelineEvent> serde = AvroMessageCodec.of(PipelineEvent.class).serde();

        assertThat(serde.serializer().serialize("churn.events", null)).isNull();
        assertThat(serde.deserializer().deserialize("churn.events", null)).isNull();
    }

    @Test
    void shouldRoundTripThroughKafkaSerdeWhenValueIsPresent() {
        Serde<CleanRecord> serde = AvroMessageCodec.of(CleanRecord.class).serde();
        CleanRecord record = cleanRecord("r-9", 1.0);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", record))).isEqualTo(record);
    }

    private static <T extends SpecificRecord> T roundTrip(Class<T> type, T message) {
        AvroMessageCodec<T> codec = AvroMessageCodec.of(type);
        return codec.decode(codec.encode(message));
    }

    private static CleanRecord cleanRecord(String id, Object label) {
        return new CleanRecord(id, WINDOW_START.plusMillis(7), Arrays.asList(12.0, null, 1.0, "north"), label, 1, 42L, null);
    }

    private static ModelEnvelope modelEnvelope() {
        return ModelEnvelope.newBuilder()
                .setPipeline("churn").setVersion(3).setTask(Task.CLASSIFICATION).setAlgorithm("logistic-regression")
                .setHyperparameters(Map.of("lambda", "0.1"))
                .setFeatureSchema(new FeatureSchema(
                        List.of(new FeatureDefinition("tenureMonths", FeatureType.NUMERIC),
                                new FeatureDefinition("premium", FeatureType.BOOLEAN),
                                new FeatureDefinition("region", FeatureType.CATEGORICAL)),
                        "label", List.of("churn", "stay")))
                .setPreprocessing(new FittedPreprocessing(List.of(
                        FittedColumn.newBuilder().setFeature("tenureMonths").setImputeNumber(11.0).setCenter(10.0).setScale(4.0).build(),
                        FittedColumn.newBuilder().setFeature("premium").setImputeNumber(0.0).build(),
                        FittedColumn.newBuilder().setFeature("region").setCategories(List.of("north", "south")).build())))
                .setModelFormat("java-serialization")
                .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                .setModelSha256("9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a")
                .setMetrics(Map.of("accuracy", 0.91, "auc", 0.95))
                .setLineage(Lineage.newBuilder()
                        .setBatchId("churn-1714564800000-0").setSourceTopic("churn.records")
                        .setWindowStart(WINDOW_START).setWindowEnd(WINDOW_END)
                        .setRecordCount(100).setTrainCount(80).setTestCount(20)
                        .setSourceRanges(List.of(new OffsetRange(0, 0L, 99L, 100L)))
                        .build())
                .setCreatedAt(WINDOW_END.plusSeconds(2))
                .setTrainingMillis(1_234)
                .setSmileVersion("6.3.0")
                .setStreamtrainVersion("0.1.0-SNAPSHOT")
                .build();
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
