package io.streamtrain.scorer.serve;

import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.parallel.ParallelRange;
import io.streamtrain.core.feature.Extraction;
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
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>During a trial ({@link ServedModels}) each record is scored by both models: the answering model's prediction goes
 * to the predictions topic, the other's to the shadow-predictions topic, keyed and encoded alike, among the outputs of
 * the same request (so in the same transaction). A trial never costs a request its answer: a record the challenger
 * fails on is answered by the champion, and has no shadow prediction. The listener hears the champion's prediction
 * only, whichever model answered, so drift and live quality keep following the champion.
 *
 * <p>A poll's requests are parsed, and a compiled forest's blocks of records scored, on a fork-join pool: the scorer
 * service's own ({@code scorer.threads}), or the JVM's common pool for a request scorer built without one.
 */
public final class RequestScorer {

    /** Service name in the dead letters' {@link DeadLetterHeaders#SERVICE} header. */
    public static final String SERVICE = "scorer";

    private static final Logger LOG = LoggerFactory.getLogger(RequestScorer.class);

    private final ScoreRequestParser parser;
    private final RecordPredictor predictor;
    private final PredictionFormat format;
    private final String predictionsTopic;
    private final String deadLetterTopic;
    private final Optional<String> shadowPredictionsTopic;
    private final ScoredRecordListener listener;
    private final ForkJoinPool pool;

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
        this(parser, extractor, format, pipeline, predictionsTopic, deadLetterTopic, Optional.empty(), clock, listener,
                ForkJoinPool.commonPool());
    }

    /**
     * @param shadowPredictionsTopic where the predictions that answer no request go during a trial; a scorer without
     *                               it refuses to score a trial
     * @param listener               told of every prediction of the champion (drift and live-quality monitoring)
     * @param pool                   parses a poll's requests and scores a compiled forest's blocks; the caller closes it
     */
    public RequestScorer(ScoreRequestParser parser, FeatureExtractor extractor, PredictionFormat format, String pipeline,
                         String predictionsTopic, String deadLetterTopic, Optional<String> shadowPredictionsTopic, Clock clock,
                         ScoredRecordListener listener, ForkJoinPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.shadowPredictionsTopic = Objects.requireNonNull(shadowPredictionsTopic, "shadowPredictionsTopic");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.predictor = new RecordPredictor(extractor, pipeline, clock);
        this.format = Objects.requireNonNull(format, "format");
        this.predictionsTopic = Objects.requireNonNull(predictionsTopic, "predictionsTopic");
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The predictions and dead letters for {@code request}, every prediction made by {@code model}. */
    public List<ProducerRecord<byte[], byte[]>> score(ConsumerRecord<byte[], byte[]> request, ScoringModel model) {
        return scoreAll(List.of(request), model);
    }

    /**
     * The predictions and dead letters for {@code requests} (one poll), in request order and, within a request, in
     * record order; every prediction made by {@code model}. All their scorable records are predicted with one call of
     * the model.
     */
    public List<ProducerRecord<byte[], byte[]>> scoreAll(Iterable<ConsumerRecord<byte[], byte[]>> requests, ScoringModel model) {
        // Dead letters take their slot at once; predictions wait for the model call, then fill the slots left open.
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<Slot> open = new ArrayList<>();
        List<RecordPredictor.Scorable> scorable = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>();
        requests.forEach(poll::add);
        // Reading JSON is most of a request's cost and each request is read alone, so a poll's requests are read in
        // parallel on the pool; everything after stays in request order.
        ParsedRequest[] parsed = new ParsedRequest[poll.size()];
        ParallelRange.forEach(pool, parsed.length, i -> parsed[i] = parser.parse(poll.get(i)));
        for (int i = 0; i < parsed.length; i++) {
            ConsumerRecord<byte[], byte[]> request = poll.get(i);
            switch (parsed[i]) {
                case ParsedRequest.Rejected rejected -> out.add(deadLetter(request, rejected.requestId(), 0,
                        request.value(), rejected.reason(), rejected.detail()));
                case ParsedRequest.Accepted accepted -> {
                    for (RequestRecord record : accepted.records()) {
                        ProducerRecord<byte[], byte[]> refused = extract(request, accepted.requestId(), record, scorable);
                        if (refused == null) {
                            open.add(new Slot(out.size(), request, (RequestRecord.Decoded) record));
                        }
                        out.add(refused);
                    }
                }
            }
        }
        List<RecordPredictor.Outcome> outcomes = scorable.isEmpty() ? List.of() : predictor.predictAll(scorable, model, pool);
        for (int i = 0; i < open.size(); i++) {
            Slot slot = open.get(i);
            out.set(slot.position(), output(slot, scorable.get(i).requestId(), outcomes.get(i), model));
        }
        return out;
    }

    /** Adds {@code record} to {@code scorable} and returns null, or returns its dead letter when it cannot be scored. */
    private ProducerRecord<byte[], byte[]> extract(ConsumerRecord<byte[], byte[]> request, String requestId, RequestRecord record,
                                                   List<RecordPredictor.Scorable> scorable) {
        return switch (record) {
            case RequestRecord.Invalid invalid -> deadLetter(request, requestId, invalid.index(), invalid.bytes(),
                    invalid.reason(), invalid.detail());
            case RequestRecord.Decoded decoded -> switch (predictor.extract(decoded.record(), request.timestamp(),
                    request.partition(), request.offset())) {
                case Extraction.Rejected rejected -> deadLetter(request, requestId, decoded.index(), decoded.bytes(),
                        rejected.reason(), rejected.detail());
                case Extraction.Accepted accepted -> {
                    scorable.add(new RecordPredictor.Scorable(requestId, accepted.record()));
                    yield null;
                }
            };
        };
    }

    private ProducerRecord<byte[], byte[]> output(Slot slot, String requestId, RecordPredictor.Outcome outcome, ScoringModel model) {
        return switch (outcome) {
            case RecordPredictor.Outcome.Predicted predicted -> {
                listener.scored(predicted.record(), predicted.prediction(), model);
                yield new ProducerRecord<>(predictionsTopic, utf8(requestId), format.encode(predicted.prediction()));
            }
            case RecordPredictor.Outcome.Refused refused -> deadLetter(slot.request(), requestId, slot.record().index(),
                    slot.record().bytes(), refused.reason(), refused.detail());
            case RecordPredictor.Outcome.ModelFailed failed -> deadLetter(slot.request(), requestId, slot.record().index(),
                    slot.record().bytes(), DeadLetterReason.INVALID, failed.detail());
        };
    }

    /** Where the output of a record sent to the model goes, and the request and record it answers. */
    private record Slot(int position, ConsumerRecord<byte[], byte[]> request, RequestRecord.Decoded record) {
    }

    /**
     * The predictions, shadow predictions and dead letters for {@code requests} (one poll), scored by {@code models}, in
     * request order. With the champion alone the poll's records are predicted with one call of the model
     * ({@link #scoreAll(Iterable, ScoringModel)}); during a trial each request is scored on its own, since in canary the
     * answering model depends on the request.
     *
     * @throws IllegalStateException when {@code models} hold a trial and this scorer has no shadow-predictions topic
     */
    public List<ProducerRecord<byte[], byte[]>> scoreAll(Iterable<ConsumerRecord<byte[], byte[]>> requests, ServedModels models) {
        if (models.trial().isEmpty()) {
            return scoreAll(requests, models.champion());
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> request : requests) {
            out.addAll(score(request, models));
        }
        return out;
    }

    /**
     * The predictions, shadow predictions and dead letters for {@code request}, scored by {@code models}.
     *
     * @throws IllegalStateException when {@code models} hold a trial and this scorer has no shadow-predictions topic
     */
    public List<ProducerRecord<byte[], byte[]>> score(ConsumerRecord<byte[], byte[]> request, ServedModels models) {
        if (models.trial().isPresent() && shadowPredictionsTopic.isEmpty()) {
            throw new IllegalStateException("a trial needs a shadow-predictions topic; this request scorer was built without one");
        }
        return switch (parser.parse(request)) {
            case ParsedRequest.Rejected rejected -> List.of(deadLetter(request, rejected.requestId(), 0,
                    request.value(), rejected.reason(), rejected.detail()));
            case ParsedRequest.Accepted accepted -> {
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(accepted.records().size());
                for (RequestRecord record : accepted.records()) {
                    scoreOne(out, request, accepted.requestId(), record, models);
                }
                yield out;
            }
        };
    }

    private void scoreOne(List<ProducerRecord<byte[], byte[]>> out, ConsumerRecord<byte[], byte[]> request, String requestId,
                          RequestRecord record, ServedModels models) {
        switch (record) {
            case RequestRecord.Invalid invalid -> out.add(deadLetter(request, requestId, invalid.index(), invalid.bytes(),
                    invalid.reason(), invalid.detail()));
            case RequestRecord.Decoded decoded -> {
                ScoringModel answering = models.answering(requestId);
                RecordPredictor.Outcome answer = predict(request, requestId, decoded, answering);
                Optional<ProducerRecord<byte[], byte[]>> shadowed = Optional.empty();
                if (answer instanceof RecordPredictor.Outcome.ModelFailed failed && answering != models.champion()) {
                    LOG.warn("Challenger failed on a canary request, so the champion answers it: {}", failed.detail());
                    answering = models.champion();
                    answer = predict(request, requestId, decoded, answering);
                } else if (answer instanceof RecordPredictor.Outcome.Predicted) {
                    shadowed = models.shadowing(requestId).flatMap(shadow -> shadowPrediction(request, requestId, decoded, shadow, models));
                }
                tellListenerOfChampion(answer, answering, models);
                out.add(answerRecord(request, requestId, decoded, answer));
                shadowed.ifPresent(out::add);
            }
        }
    }

    private RecordPredictor.Outcome predict(ConsumerRecord<byte[], byte[]> request, String requestId, RequestRecord.Decoded decoded,
                                            ScoringModel model) {
        return predictor.predict(requestId, decoded.record(), request.timestamp(), request.partition(), request.offset(), model);
    }

    private ProducerRecord<byte[], byte[]> answerRecord(ConsumerRecord<byte[], byte[]> request, String requestId,
                                                        RequestRecord.Decoded decoded, RecordPredictor.Outcome answer) {
        return switch (answer) {
            case RecordPredictor.Outcome.Predicted predicted ->
                    new ProducerRecord<>(predictionsTopic, utf8(requestId), format.encode(predicted.prediction()));
            case RecordPredictor.Outcome.Refused refused -> deadLetter(request, requestId, decoded.index(), decoded.bytes(),
                    refused.reason(), refused.detail());
            case RecordPredictor.Outcome.ModelFailed failed -> deadLetter(request, requestId, decoded.index(), decoded.bytes(),
                    DeadLetterReason.INVALID, failed.detail());
        };
    }

    /**
     * The shadow model's prediction of a record the answering model predicted. The features are the same for both
     * models, so only the model itself can fail here; the request is answered all the same, and the pair is left out
     * of the trial (its judge counts only records with both predictions).
     */
    private Optional<ProducerRecord<byte[], byte[]>> shadowPrediction(ConsumerRecord<byte[], byte[]> request, String requestId,
                                                                      RequestRecord.Decoded decoded, ScoringModel shadow,
                                                                      ServedModels models) {
        RecordPredictor.Outcome outcome = predict(request, requestId, decoded, shadow);
        tellListenerOfChampion(outcome, shadow, models);
        if (outcome instanceof RecordPredictor.Outcome.Predicted predicted) {
            return Optional.of(new ProducerRecord<>(shadowPredictionsTopic.orElseThrow(), utf8(requestId), format.encode(predicted.prediction())));
        }
        LOG.warn("Model version {} scored no shadow prediction for request {}: {}", shadow.version(), requestId, outcome);
        return Optional.empty();
    }

    private void tellListenerOfChampion(RecordPredictor.Outcome outcome, ScoringModel model, ServedModels models) {
        if (outcome instanceof RecordPredictor.Outcome.Predicted predicted && model == models.champion()) {
            listener.scored(predicted.record(), predicted.prediction(), model);
        }
    }

    /** True for an output on the predictions topic; false for a dead letter, and for a shadow prediction during a trial. */
    public boolean isPrediction(ProducerRecord<byte[], byte[]> output) {
        return output.topic().equals(predictionsTopic);
    }

    /** True for an output on the dead-letter topic. */
    public boolean isDeadLetter(ProducerRecord<byte[], byte[]> output) {
        return output.topic().equals(deadLetterTopic);
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
