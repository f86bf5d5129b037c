package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.ml.transientmodel.TransientWindowScorer;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.core.predictions.PredictionFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;

/**
 * A transient model for one REST request: trains on the request's labelled {@code train} rows exactly as the trainer
 * trains on a window (same split, preprocessing, algorithm and checks), scores the request's {@code score} rows with
 * it, and answers the predictions with the model's lineage (training size, test-split metrics). Nothing is stored or
 * published: the model lives as long as the request. Predictions name model version 0, which no stored model has.
 */
final class TransientScorer {

    /** The model version transient predictions carry. */
    static final long TRANSIENT_VERSION = TransientWindowScorer.TRANSIENT_VERSION;

    private final PipelineConfig pipeline;
    private final InputRecordDecoder decoder;
    private final FeatureExtractor extractor;
    private final RestScorer scorer;
    private final int maxRecords;
    private final Clock clock;

    TransientScorer(PipelineConfig pipeline, RestScorer scorer, int maxRecords, Clock clock) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.decoder = new InputRecordDecoder(pipeline.inputSchema());
        this.extractor = new FeatureExtractor(pipeline.featureSpec());
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.maxRecords = maxRecords;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Trains and scores {@code body}: {@code {"requestId"?, "train": [records with labels], "score": [records]}}.
     *
     * @throws ApiException 400 for a malformed body or record, 422 when the training rows make no model
     */
    ObjectNode handle(JsonNode body, Supplier<String> generatedId) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("expected {\"train\": [records with labels], \"score\": [records]}");
        }
        List<JsonNode> trainRows = rows(body, "train");
        List<JsonNode> scoreRows = rows(body, "score");
        if (trainRows.size() + scoreRows.size() > maxRecords) {
            throw ApiException.badRequest("train and score hold " + (trainRows.size() + scoreRows.size())
                    + " records; at most " + maxRecords + " (scorer.http.max.batch.records)");
        }
        String requestId = body.hasNonNull("requestId") ? body.get("requestId").asText() : generatedId.get();
        Instant now = clock.instant();
        List<CleanRecord> training = training(trainRows, now);
        TrainingRequest request = new TrainingRequest(pipeline.pipelineName(), 1, pipeline.featureSpec(),
                TrainingSettings.from(pipeline), "transient-" + requestId, manifest(now, training.size()), training);
        ModelEnvelope envelope = switch (new BatchTrainer(clock).train(request)) {
            case TrainingOutcome.Trained trained -> trained.envelope();
            case TrainingOutcome.Skipped skipped -> throw ApiException.unprocessable("the train rows make no model: "
                    + skipped.reason());
        };
        LoadedModel model;
        try {
            model = ModelLoader.load(envelope, pipeline.pipelineName());
        } catch (ModelRejectedException e) {
            throw ApiException.serverError("the transient model could not be loaded: " + e.getMessage());
        }
        List<Prediction> predictions = scorer.score(new PredictRequestReader.PredictRequest(requestId, scoreRows),
                new TransientModel(model));
        ObjectNode response = ApiJson.MAPPER.createObjectNode()
                .put("requestId", requestId)
                .put("pipeline", pipeline.pipelineName())
                .put("modelVersion", TRANSIENT_VERSION);
        ObjectNode lineage = response.putObject("model")
                .put("algorithm", envelope.getAlgorithm())
                .put("records", envelope.getLineage().getRecordCount())
                .put("trainRecords", envelope.getLineage().getTrainCount())
                .put("testRecords", envelope.getLineage().getTestCount())
                .put("trainingMillis", envelope.getTrainingMillis());
        ObjectNode metrics = lineage.putObject("metrics");
        envelope.getMetrics().forEach(metrics::put);
        ArrayNode array = response.putArray("predictions");
        predictions.forEach(prediction -> array.add(PredictionFormat.json(prediction)));
        return response;
    }

    private List<CleanRecord> training(List<JsonNode> rows, Instant now) {
        List<CleanRecord> records = new ArrayList<>(rows.size());
        for (int index = 0; index < rows.size(); index++) {
            JsonNode row = rows.get(index);
            if (!row.isObject()) {
                throw ApiException.badField("train record " + index + ": expected a JSON object", "train", index);
            }
            GenericRecord record;
            try {
                record = decoder.decodeJson(row);
            } catch (RecordDecodingException e) {
                throw ApiException.badField("train record " + index + ": " + e.getMessage(), "train", index);
            }
            switch (extractor.extract(record, now.toEpochMilli(), -1, index, FeatureExtractor.LabelPolicy.REQUIRED)) {
                case Extraction.Accepted accepted -> records.add(accepted.record());
                case Extraction.Rejected rejected -> throw ApiException.badField("train record " + index + ": "
                        + rejected.detail(), "train", index);
            }
        }
        return records;
    }

    private List<JsonNode> rows(JsonNode body, String field) {
        JsonNode array = body.get(field);
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw ApiException.badField(field + " must be a non-empty array of records", field, null);
        }
        List<JsonNode> rows = new ArrayList<>(array.size());
        array.forEach(rows::add);
        return rows;
    }

    private BatchManifest manifest(Instant now, int records) {
        return BatchManifest.newBuilder()
                .setWindowStart(now)
                .setWindowEnd(now)
                .setCloseReason(WindowCloseReason.SHUTDOWN)
                .setRecordCount(records)
                .setChunkCount(1)
                .setFeatureNames(pipeline.featureSpec().featureNames())
                .setSourceTopic("rest")
                .setSourceRanges(List.of())
                .setClosedAt(now)
                .build();
    }

    /** The transient model as a servable model that names version 0. */
    private record TransientModel(LoadedModel model) implements ScoringModel {

        @Override
        public ModelEnvelope envelope() {
            return model.envelope();
        }

        @Override
        public ScoredRecord score(CleanRecord record) {
            return model.score(record);
        }

        @Override
        public long version() {
            return TRANSIENT_VERSION;
        }
    }
}
