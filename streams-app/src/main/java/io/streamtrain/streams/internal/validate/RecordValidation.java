package io.streamtrain.streams.internal.validate;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import io.streamtrain.streams.internal.window.WindowInput;
import java.time.Instant;

/**
 * Decides what becomes of one input record: size check, decoding (Avro single-object or JSON), feature
 * extraction with a required label (optional in transient mode, where unlabelled records are scored), and cleaning (the rules of {@link FeatureExtractor}). A valid record is
 * encoded once, here, as a {@code CleanRecord}; a cleaned record too large to fit alone in a batch chunk is
 * refused as oversized, so every accepted record can be emitted. Not thread-safe: one instance per stream task.
 */
public final class RecordValidation {

    private final CleanRecordWriter writer = new CleanRecordWriter();
    private final InputRecordDecoder decoder;
    private final FeatureExtractor extractor;
    private final int recordMaxBytes;
    private final long maxFutureMs;
    private final FeatureExtractor.LabelPolicy labelPolicy;
    private final int cleanRecordMaxBytes;
    private final int chunkMaxBytes;

    /**
     * @param cleanRecordMaxBytes largest encoded clean record (without its single-object header) that fits in a chunk
     */
    public RecordValidation(PipelineConfig pipeline, int cleanRecordMaxBytes) {
        this.decoder = pipeline.inputDecoder();
        this.maxFutureMs = pipeline.windowMaxFuture().toMillis();
        // Transient mode scores the records it cannot learn from; a continuous pipeline only learns.
        this.labelPolicy = pipeline.mode() == PipelineMode.TRANSIENT ? FeatureExtractor.LabelPolicy.OPTIONAL
                : FeatureExtractor.LabelPolicy.REQUIRED;
        this.extractor = new FeatureExtractor(pipeline.featureSpec());
        this.recordMaxBytes = pipeline.recordMaxBytes();
        this.cleanRecordMaxBytes = cleanRecordMaxBytes;
        this.chunkMaxBytes = pipeline.batchChunkMaxBytes();
    }

    /**
     * @param key       the record's Kafka key, kept for its dead letter should the windower find it late; may be null
     * @param value     the record's value as read from the input topic; may be null
     * @param timestamp the Kafka timestamp, the event time when the record has none
     * @param now       the wall-clock time, in epoch milliseconds
     */
    public Verdict validate(byte[] key, byte[] value, long timestamp, int partition, long offset, long now) {
        if (value != null && value.length > recordMaxBytes) {
            return new Verdict.Reject(DeadLetterReason.OVERSIZED,
                    "record of " + value.length + " bytes exceeds " + PipelineConfig.RECORD_MAX_BYTES_CONFIG + "=" + recordMaxBytes);
        }
        Extraction extraction;
        try {
            extraction = extractor.extract(decoder.decode(value), timestamp, partition, offset, labelPolicy);
        } catch (RecordDecodingException e) {
            DeadLetterReason reason = e.kind() == RecordDecodingException.Kind.UNDECODABLE ? DeadLetterReason.UNDECODABLE : DeadLetterReason.INVALID;
            return new Verdict.Reject(reason, e.getMessage());
        }
        return switch (extraction) {
            case Extraction.Rejected rejected -> new Verdict.Reject(rejected.reason(), rejected.detail());
            case Extraction.Accepted accepted -> accept(key, accepted.record(), partition, offset, now);
        };
    }

    private Verdict accept(byte[] key, CleanRecord record, int partition, long offset, long now) {
        long eventTime = record.getEventTime().toEpochMilli();
        if (eventTime - now > maxFutureMs) {
            return new Verdict.Reject(DeadLetterReason.FUTURE, "event time " + record.getEventTime() + " is more than "
                    + PipelineConfig.WINDOW_MAX_FUTURE_MS_CONFIG + "=" + maxFutureMs + " ms ahead of the wall clock "
                    + Instant.ofEpochMilli(now));
        }
        byte[] encoded = writer.encode(record);
        if (encoded.length - CleanRecordWriter.HEADER_BYTES > cleanRecordMaxBytes) {
            return new Verdict.Reject(DeadLetterReason.OVERSIZED, "cleaned record of " + encoded.length
                    + " bytes does not fit in a batch chunk of " + PipelineConfig.BATCH_CHUNK_MAX_BYTES_CONFIG + "=" + chunkMaxBytes);
        }
        return new Verdict.Accept(new WindowInput.Accepted(eventTime, partition, offset, key, encoded));
    }
}
