package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.Prediction;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.serve.RecordPredictor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the records of a REST predict request with one model snapshot, through the same decoder
 * ({@link InputRecordDecoder#decodeJson}), feature extraction and prediction code ({@link RecordPredictor}) as
 * the topic path, so a record gets the same prediction either way.
 *
 * <p>A request is answered whole or refused whole: the first record that does not fit the input schema, lacks
 * its id or lacks a feature refuses the request with 400 naming the field and the record's index. REST is
 * stricter than the topic in one respect: every feature must be present as a key, so a misspelt feature name is
 * an error instead of a silently imputed value; {@code null} says a value is unknown and is imputed as on the
 * topic. REST is more lenient in another: the record id and event time may be left out (or null), since a caller
 * asking for a prediction often has neither; the id is then {@code <requestId>-<index>} and the event time the
 * moment the request arrived.
 */
final class RestScorer {

    private static final Logger LOG = LoggerFactory.getLogger(RestScorer.class);
    /** REST records come from no partition; the clean record's lineage says so, and its offset is the record's index. */
    private static final int NO_PARTITION = -1;
    /** How {@code JsonRecordReader} names the field in its messages: {@code field x: expected ...}, {@code field x is required}. */
    private static final Pattern FIELD = Pattern.compile("^field ([A-Za-z_][A-Za-z0-9_]*)");

    private final InputRecordDecoder decoder;
    private final FeatureSpec spec;
    private final RecordPredictor predictor;
    private final Clock clock;

    RestScorer(Schema inputSchema, FeatureSpec spec, String pipeline, Clock clock) {
        this.decoder = new InputRecordDecoder(inputSchema);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.predictor = new RecordPredictor(new FeatureExtractor(spec), pipeline, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One prediction per record, in request order, every one made by {@code model}.
     *
     * @throws ApiException 400 for a record that cannot be scored, 500 if the model fails on a valid record
     */
    List<Prediction> score(PredictRequestReader.PredictRequest request, ScoringModel model) {
        long receivedAt = clock.millis();
        List<JsonNode> records = request.records();
        List<Prediction> predictions = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            Where where = new Where(index, records.size() > 1);
            GenericRecord record = decode(withIdAndTime(records.get(index), request.requestId(), index, receivedAt), where);
            predictions.add(predict(request.requestId(), record, receivedAt, where, model));
        }
        return predictions;
    }

    /**
     * {@code json} with a generated id and the arrival time where they are absent or null. The tree belongs to this
     * request alone, so it is completed in place.
     */
    private JsonNode withIdAndTime(JsonNode json, String requestId, int index, long receivedAt) {
        if (json instanceof ObjectNode object) {
            if (object.path(spec.idField()).isNull() || object.path(spec.idField()).isMissingNode()) {
                object.put(spec.idField(), requestId + "-" + index);
            }
            String time = spec.timestampField();
            if (!time.isBlank() && (object.path(time).isNull() || object.path(time).isMissingNode())) {
                object.put(time, receivedAt);
            }
        }
        return json;
    }

    private GenericRecord decode(JsonNode json, Where where) {
        if (!json.isObject()) {
            throw ApiException.badField(where.prefix() + "expected a JSON object, got " + json.getNodeType(), null, where.index());
        }
        GenericRecord record;
        try {
            record = decoder.decodeJson(json);
        } catch (RecordDecodingException e) {
            throw ApiException.badField(where.prefix() + e.getMessage(), fieldOf(e), where.index());
        }
        for (String feature : spec.featureNames()) {
            if (!json.has(feature)) {
                throw ApiException.badField(where.prefix() + "feature " + feature + " is missing; send null if its value is unknown",
                        feature, where.index());
            }
        }
        return record;
    }

    private Prediction predict(String requestId, GenericRecord record, long receivedAt, Where where, ScoringModel model) {
        return switch (predictor.predict(requestId, record, receivedAt, NO_PARTITION, where.index(), model)) {
            case RecordPredictor.Outcome.Predicted predicted -> predicted.prediction();
            case RecordPredictor.Outcome.Refused refused -> throw ApiException.badField(where.prefix() + refused.detail(),
                    refused.reason() == DeadLetterReason.MISSING_ID ? spec.idField() : null, where.index());
            case RecordPredictor.Outcome.ModelFailed failed -> {
                LOG.warn("REST request {}: {}", requestId, failed.detail());
                throw ApiException.serverError("model version " + model.version() + " could not score record " + failed.recordId()
                        + " (index " + where.index() + "); the scorer's log has the details");
            }
        };
    }

    private static String fieldOf(RecordDecodingException e) {
        Matcher matcher = FIELD.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Which record of the request a problem is about; batches name it in the message too. */
    private record Where(int index, boolean inBatch) {
        String prefix() {
            return inBatch ? "record " + index + ": " : "";
        }
    }
}
