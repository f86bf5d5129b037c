package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.HorizonRows;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.ml.train.TrainingSource;
import io.streamtrain.ml.train.WarmStart;
import io.streamtrain.ml.transientmodel.TransientWindowScorer;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import io.streamtrain.scorer.model.LoadedScoringModel;
import io.streamtrain.core.predictions.PredictionFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;

/**
 * Per-request training, {@code POST /v1/pipelines/<p>/train-and-score}: trains a model on the request's labelled
 * {@code train} rows exactly as the trainer trains on a window (same split, preprocessing, algorithm and checks),
 * scores the request's {@code score} rows with it, and answers the predictions with the model's lineage (training
 * size, test-split metrics). Nothing is stored or published: the model lives as long as the request, and its
 * predictions name model version 0, which no stored model has. (A pipeline in transient mode does the same per window,
 * in the trainer.) The body is read and checked on the request's thread; the fit and the scoring run within
 * {@link HttpSettings.RequestTraining}'s bounds, on the server's training threads.
 */
final class TrainAndScore {

    /** The model version the predictions of a model trained per request carry. */
    static final long REQUEST_MODEL_VERSION = TransientWindowScorer.TRANSIENT_VERSION;

    private final PipelineConfig pipeline;
    private final InputRecordDecoder decoder;
    private final FeatureExtractor extractor;
    private final RestScorer scorer;
    private final int maxRecords;
    private final OffloadedCalls fits;
    private final Clock clock;

    /** @param fits where fits run, shared by every pipeline of the server so that their bound is the process's */
    TrainAndScore(PipelineConfig pipeline, RestScorer scorer, int maxRecords, OffloadedCalls fits, Clock clock) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.decoder = new InputRecordDecoder(pipeline.inputSchema());
        this.extractor = new FeatureExtractor(pipeline.featureSpec());
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.maxRecords = maxRecords;
        this.fits = Objects.requireNonNull(fits, "fits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Trains and scores {@code body}: {@code {"requestId"?, "train": [records with labels], "score": [records]}}.
     *
     * @throws ApiException 400 for a malformed body or record, 422 when the training rows make no model, 503 when
     *                      the scorer's training threads are all busy, 504 when the fit outlasts its time limit
     */
    ObjectNode handle(JsonNode body, Supplier<String> generatedId) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("expected {\"train\": [records with labels], \"score\": [records]}");
        }
        List<JsonNode> trainRows = rows(body, "train");
        List<JsonNode> scoreRows = rows(body, "score");
        if (trainRows.size() + scoreRows.size() > maxRecords) {
            throw ApiException.badRequest("train and score hold " + (trainRows.size() + scoreRows.size())
                    + " records; at most " + maxRecords + " (scorer.http.train.max.records)");
        }
        String requestId = body.hasNonNull("requestId") ? body.get("requestId").asText() : generatedId.get();
        Instant now = clock.instant();
        List<CleanRecord> training = training(trainRows, now);
        TrainingRequest request = new TrainingRequest(pipeline.pipelineName(), 1, pipeline.featureSpec(),
                TrainingSettings.from(pipeline), "request-" + requestId,
                new TrainingSource.Request(requestId, now, pipeline.featureSpec().featureNames()), training, HorizonRows.alone(pipeline.horizon().refit()),
                WarmStart.none());
        return fits.call(() -> trainAndScore(request, new PredictRequestReader.PredictRequest(requestId, scoreRows)), refusals());
    }

    private ObjectNode trainAndScore(TrainingRequest request, PredictRequestReader.PredictRequest toScore) {
        ModelEnvelope envelope = switch (new BatchTrainer(clock).train(request)) {
            case TrainingOutcome.Trained trained -> trained.envelope();
            case TrainingOutcome.Skipped skipped -> throw ApiException.unprocessable("the train rows make no model: "
                    + skipped.reason());
        };
        LoadedModel model;
        try {
            model = ModelLoader.load(envelope, pipeline.pipelineName());
        } catch (ModelRejectedException e) {
            throw ApiException.serverError("the request's model could not be loaded: " + e.getMessage());
        }
        List<Prediction> predictions = scorer.score(toScore, new RequestModel(model));
        ObjectNode response = ApiJson.MAPPER.createObjectNode()
                .put("requestId", toScore.requestId())
                .put("pipeline", pipeline.pipelineName())
                .put("modelVersion", REQUEST_MODEL_VERSION);
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

    private OffloadedCalls.Refusals refusals() {
        return new OffloadedCalls.Refusals() {
            @Override
            public String busy(int concurrency) {
                return concurrency + " per-request trainings are running in this scorer (scorer.http.train.concurrency); retry shortly";
            }

            @Override
            public String late(Duration timeout) {
                return "the model was not trained within " + timeout.toMillis() + " ms (scorer.http.train.timeout.ms); send fewer "
                        + "rows or raise the limit";
            }

            @Override
            public ApiException failed(Throwable cause) {
                return ApiException.serverError("per-request training failed: " + cause);
            }
        };
    }

    /** The request's model as a servable model that names version 0. */
    private record RequestModel(LoadedModel model) implements LoadedScoringModel {

        @Override
        public long version() {
            return REQUEST_MODEL_VERSION;
        }
    }
}
