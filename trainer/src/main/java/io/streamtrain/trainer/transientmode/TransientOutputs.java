package io.streamtrain.trainer.transientmode;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.transientmodel.TransientWindowScorer;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a closed window yields in transient mode ({@code pipeline.mode=transient}), as Kafka records for the
 * trainer's transaction: a prediction on {@code <p>.predictions} (key: request id) for every record of the window
 * without a label, made by the window's throw-away model; or, when the window made no model (or the model could not
 * score a record), a dead letter on {@code <p>.dlq} with reason {@code unscored} (or {@code invalid}) for each such
 * record, so none is lost silently. A dead letter's value is the record's {@code CleanRecord} in Avro single-object
 * encoding; its source headers name the input or score-requests topic, partition and offset it came from, and a
 * score request's record also carries the request id. Nothing here goes to the model topics.
 */
public final class TransientOutputs {

    /** The service name in dead-letter headers. */
    static final String SERVICE = "trainer";

    private static final AvroMessageCodec<CleanRecord> RECORDS = AvroMessageCodec.of(CleanRecord.class);

    private final PipelineTopics topics;
    private final PredictionFormat format;
    private final Clock clock;

    public TransientOutputs(PipelineTopics topics, PredictionFormat format, Clock clock) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The predictions of {@code envelope}'s model for the unlabelled records of {@code batch}. */
    public Scored scored(AssembledBatch batch, ModelEnvelope envelope) {
        List<CleanRecord> toScore = TransientWindowScorer.toScore(batch.records());
        List<TransientWindowScorer.Outcome> outcomes;
        try {
            outcomes = TransientWindowScorer.score(envelope, toScore, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        } catch (ModelRejectedException e) {
            String reason = "the transient model could not be loaded: " + e.getMessage();
            return new Scored(unscored(batch, reason), 0, toScore.size(), reason);
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(outcomes.size());
        int predictions = 0;
        for (TransientWindowScorer.Outcome outcome : outcomes) {
            switch (outcome) {
                case TransientWindowScorer.Outcome.Predicted predicted -> {
                    records.add(new ProducerRecord<>(topics.predictions(), predicted.prediction().getRequestId(),
                            format.encode(predicted.prediction())));
                    predictions++;
                }
                case TransientWindowScorer.Outcome.Failed failed -> records.add(deadLetter(batch.batchId(),
                        failed.record(), DeadLetterReason.INVALID, failed.detail()));
            }
        }
        return new Scored(records, predictions, outcomes.size() - predictions, "");
    }

    /** A dead letter with reason {@code unscored} for each unlabelled record of {@code batch}, which made no model. */
    public List<ProducerRecord<String, byte[]>> unscored(AssembledBatch batch, String reason) {
        return TransientWindowScorer.toScore(batch.records()).stream()
                .map(record -> deadLetter(batch.batchId(), record, DeadLetterReason.UNSCORED,
                        "window " + batch.batchId() + " made no model: " + reason))
                .toList();
    }

    /** How many records of {@code batch} a transient model scores. */
    public static int toScoreCount(AssembledBatch batch) {
        return TransientWindowScorer.toScore(batch.records()).size();
    }

    private ProducerRecord<String, byte[]> deadLetter(String batchId, CleanRecord record, DeadLetterReason reason,
                                                      String detail) {
        boolean fromRequest = record.getRequestId() != null;
        Headers headers = DeadLetterHeaders.annotate(new RecordHeaders(), reason, detail, SERVICE,
                fromRequest ? topics.scoreRequests() : topics.records(), record.getSourcePartition(),
                record.getSourceOffset());
        if (fromRequest) {
            headers.add(DeadLetterHeaders.REQUEST_ID, record.getRequestId().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topics.deadLetters(), null, TransientWindowScorer.requestIdOf(record, batchId),
                RECORDS.encode(record), headers);
    }

    /**
     * The records of a scored window.
     *
     * @param records     predictions, and dead letters for records the model failed on
     * @param predictions how many of {@code records} are predictions
     * @param unscored    records that got no prediction (each has its dead letter)
     * @param problem     why none was scored when the model could not be loaded; empty otherwise
     */
    public record Scored(List<ProducerRecord<String, byte[]>> records, int predictions, int unscored, String problem) {
        public Scored {
            records = List.copyOf(records);
            Objects.requireNonNull(problem, "problem");
        }
    }
}
