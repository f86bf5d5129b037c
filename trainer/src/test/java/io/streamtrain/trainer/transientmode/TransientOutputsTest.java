package io.streamtrain.trainer.transientmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.TestBatches;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TransientOutputsTest {

    private static final String PIPELINE = "churn";
    private static final PipelineTopics TOPICS = PipelineTopics.defaultsFor(PIPELINE);
    private static final Instant NOW = Instant.parse("2030-01-01T00:05:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<CleanRecord> RECORDS = AvroMessageCodec.of(CleanRecord.class);

    private final TransientOutputs outputs = new TransientOutputs(TOPICS, PredictionFormat.JSON, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldPredictEveryUnlabelledRecordAndScoreRequestWithTheWindowsLineage() throws IOException {
        AssembledBatch batch = batch(60, List.of(unlabelled("u1", null), unlabelled("s1", "q-7")));

        TransientOutputs.Scored scored = outputs.scored(batch, trained(batch));

        assertThat(scored.predictions()).isEqualTo(2);
        assertThat(scored.unscored()).isZero();
        assertThat(scored.records()).extracting(ProducerRecord::topic).containsOnly(TOPICS.predictions());
        assertThat(scored.records()).extracting(ProducerRecord::key).containsExactly("b1", "q-7");
        JsonNode prediction = JSON.readTree(scored.records().get(1).value());
        assertThat(prediction.path("recordId").asText()).isEqualTo("s1");
        assertThat(prediction.path("modelVersion").asLong()).isZero();
        assertThat(prediction.path("label").asText()).isIn("churn", "stay");
        assertThat(prediction.path("scoredAt").asText()).isEqualTo(NOW.toString());
        JsonNode lineage = prediction.path("lineage");
        assertThat(lineage.path("batchId").asText()).isEqualTo("b1");
        assertThat(lineage.path("windowStart").asText()).isEqualTo(TestBatches.WINDOW_START.toString());
        assertThat(lineage.path("trainingRecords").asLong()).isEqualTo(60);
        assertThat(lineage.path("algorithm").asText()).isEqualTo("logistic-regression");
        assertThat(lineage.path("metrics").has("accuracy")).isTrue();
    }

    @Test
    void shouldWriteAvroPredictionsWhenThatIsThePredictionsFormat() {
        AssembledBatch batch = batch(60, List.of(unlabelled("u1", null)));
        TransientOutputs avro = new TransientOutputs(TOPICS, PredictionFormat.AVRO, Clock.fixed(NOW, ZoneOffset.UTC));

        byte[] value = avro.scored(batch, trained(batch)).records().getFirst().value();

        Prediction prediction = AvroMessageCodec.of(Prediction.class).decode(value);
        assertThat(prediction.getLineage().getTrainRecords() + prediction.getLineage().getTestRecords()).isEqualTo(60);
    }

    @Test
    void shouldDeadLetterEveryRecordToScoreWithTheReasonWhenTheWindowMadeNoModel() {
        AssembledBatch batch = batch(3, List.of(unlabelled("u1", null), unlabelled("s1", "q-7")));

        List<ProducerRecord<String, byte[]>> unscored = outputs.unscored(batch, "3 usable records; at least 50 needed");

        assertThat(unscored).extracting(ProducerRecord::topic).containsOnly(TOPICS.deadLetters());
        assertThat(unscored).extracting(record -> DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON))
                .containsOnly("unscored");
        assertThat(unscored).extracting(record -> DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.DETAIL))
                .containsOnly("window b1 made no model: 3 usable records; at least 50 needed");
        assertThat(unscored).extracting(record -> DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                .containsExactly(TOPICS.records(), TOPICS.scoreRequests());
        assertThat(DeadLetterHeaders.read(unscored.get(1).headers(), DeadLetterHeaders.REQUEST_ID)).isEqualTo("q-7");
        assertThat(RECORDS.decode(unscored.get(0).value()).getRecordId()).isEqualTo("u1");
    }

    private static AssembledBatch batch(int labelled, List<CleanRecord> toScore) {
        List<CleanRecord> records = new ArrayList<>(TestBatches.records("b1", labelled));
        records.addAll(toScore);
        BatchManifest manifest = (BatchManifest) TestBatches.manifest(PIPELINE, "b1", 1, records.size()).getPart();
        return new AssembledBatch("b1", manifest, records, 0, 1);
    }

    private static ModelEnvelope trained(AssembledBatch batch) {
        PipelineConfig config = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE,
                PipelineConfig.PIPELINE_MODE_CONFIG, "transient"));
        TrainingRequest request = new TrainingRequest(PIPELINE, 1, config.featureSpec(), TrainingSettings.from(config),
                batch.batchId(), batch.manifest(), batch.records());
        return ((TrainingOutcome.Trained) new BatchTrainer().train(request)).envelope();
    }

    private static CleanRecord unlabelled(String id, String requestId) {
        return CleanRecord.newBuilder(TestBatches.records(id, 1).getFirst())
                .setRecordId(id)
                .setLabel(null)
                .setRequestId(requestId)
                .setSourcePartition(1)
                .setSourceOffset(7)
                .build();
    }
}
