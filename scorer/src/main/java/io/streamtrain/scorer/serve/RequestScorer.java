package io.streamtrain.scorer.serve;

import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.core.requests.ParsedRequest;
import io.streamtrain.core.requests.RequestRecord;
import io.streamtrain.core.requests.ScoreRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns one score request into the records to produce: a prediction for every record that could be scored
 * and a dead letter for every one that could not, so nothing is silently dropped.
 *
 * <p>Predictions go to the predictions topic keyed by request id, so all predictions of a request land on
 * one partition in order. Dead letters go to the dead-letter topic with the request's Kafka key, its headers,
 * the {@link DeadLetterHeaders} (service {@value #SERVICE}) and {@link #DeadLetterHeaders.REQUEST_ID} and
 * {@link #DeadLetterHeaders.REQUEST_INDEX}, which say which request and which element of it failed. Their value is the
 * whole original request when the request was unreadable or held one record, and the element's JSON text
 * when one element of a list failed.
 *
 * <p>Records are predicted by a {@link RecordPredictor} (the {@link FeatureExtractor} under
 * {@code LabelPolicy.IGNORED}: a label in a request is neither needed nor used), the same code the REST API
 * uses. A record the model cannot score (an exception from the model) is dead-lettered with reason
 * {@code invalid}.
 */
public final class RequestScorer {

    /** Service name in the dead letters' {@link DeadLetterHeaders#SERVICE} header. */
    public static final String SERVICE = "scorer";

    private final ScoreRequestParser parser;
    private final RecordPredictor predictor;
    private final PredictionFormat format;
    private final String predictionsTopic;
    private final String deadLetterTopic;
    private final ScoredRecordListener listener;

    /** A scorer whose predictions nobody else observes. */
    public RequestScorer(ScoreRequestParser parser, FeatureExtractor extractor, PredictionFormat format,
                         String pipeline, String predictionsTopic, String deadLetterTopic, Clock clock) {
        this(parser, extractor, format, pipeline, predictionsTopic, deadLetterTopic, clock, ScoredRecordListener.NONE);
    }

    /**
     * @param listener told of every prediction (drift and live-quality monitoring)
     */
    public RequestScorer(ScoreRequestParser parser, FeatureExtractor extractor, PredictionFormat format,
                         String pipeline, String predictionsTopic, String deadLetterTopic, Clock clock,
                         ScoredRecordListener listener) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.predictor = new RecordPredictor(extractor, pipeline, clock);
        this.format = Objects.requireNonNull(format, "format");
        this.predictionsTopic = Objects.requireNonNull(predictionsTopic, "predictionsTopic");
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The predictions and dead letters for {@code request}, every prediction made by {@code model}. */
    public List<ProducerRecord<byte[], byte[]>> score(ConsumerRecord<byte[], byte[]> request, ScoringModel model) {
        return switch (parser.parse(request)) {
            case ParsedRequest.Rejected rejected -> List.of(deadLetter(request, rejected.requestId(), 0,
                    request.value(), rejected.reason(), rejected.detail()));
            case ParsedRequest.Accepted accepted -> {
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(accepted.records().size());
                for (RequestRecord record : accepted.records()) {
                    out.add(scoreOne(request, accepted.requestId(), record, model));
                }
                yield out;
            }
        };
    }

    private ProducerRecord<byte[], byte[]> scoreOne(ConsumerRecord<byte[], byte[]> request, String requestId,
                                                    RequestRecord record, ScoringModel model) {
        return switch (record) {
            case RequestRecord.Invalid invalid -> deadLetter(request, requestId, invalid.index(), invalid.bytes(),
                    invalid.reason(), invalid.detail());
            case RequestRecord.Decoded decoded -> switch (predictor.predict(requestId, decoded.record(), request.timestamp(),
                    request.partition(), request.offset(), model)) {
                case RecordPredictor.Outcome.Predicted predicted -> {
                    listener.scored(predicted.record(), predicted.prediction(), model);
                    yield new ProducerRecord<>(predictionsTopic, utf8(requestId), format.encode(predicted.prediction()));
                }
                case RecordPredictor.Outcome.Refused refused -> deadLetter(request, requestId, decoded.index(), decoded.bytes(),
                        refused.reason(), refused.detail());
                case RecordPredictor.Outcome.ModelFailed failed -> deadLetter(request, requestId, decoded.index(), decoded.bytes(),
                        DeadLetterReason.INVALID, failed.detail());
            };
        };
    }

    /** True for an output on the predictions topic, false for a dead letter. */
    public boolean isPrediction(ProducerRecord<byte[], byte[]> output) {
        return output.topic().equals(predictionsTopic);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> request, String requestId, int index,
                                                      byte[] value, DeadLetterReason reason, String detail) {
        RecordHeaders headers = new RecordHeaders(request.headers().toArray());
        DeadLetterHeaders.annotate(headers, reason, detail, SERVICE, request.topic(), request.partition(), request.offset());
        headers.add(DeadLetterHeaders.REQUEST_ID, utf8(requestId));
        headers.add(DeadLetterHeaders.REQUEST_INDEX, utf8(String.valueOf(index)));
        return new ProducerRecord<>(deadLetterTopic, null, request.key(), value, headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
