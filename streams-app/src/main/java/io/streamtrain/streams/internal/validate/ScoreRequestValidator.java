package io.streamtrain.streams.internal.validate;

import io.micrometer.core.instrument.Counter;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.core.requests.ParsedRequest;
import io.streamtrain.core.requests.RequestRecord;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.streams.internal.window.WindowInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Transient mode: reads each score request (the formats of {@link ScoreRequestParser}, as the scorer reads them) and
 * turns every record of it into a {@link WindowInput.ScoreRequest} for the windower: the features extracted as the
 * scorer extracts them (a label in a request is ignored), the request id kept in the clean record, and the request's
 * Kafka timestamp as the time that places it in a window.
 *
 * <p>Failure policy, the scorer's: a request that cannot be read at all is dead-lettered whole with its original
 * value; a record of a list that does not fit the schema, has no id or no feature is dead-lettered alone, with its own
 * bytes, while the others go on. Every dead letter carries the dead-letter headers plus the request id and the
 * record's position in the request. Not thread-safe: one instance per stream task.
 */
public final class ScoreRequestValidator implements Processor<byte[], byte[], byte[], IngestOutput> {

    private final CleanRecordWriter writer = new CleanRecordWriter();
    private final ScoreRequestParser parser;
    private final FeatureExtractor extractor;
    private final int cleanRecordMaxBytes;
    private final int chunkMaxBytes;
    private final String service;
    private final Counter deadLettered;
    private ProcessorContext<byte[], IngestOutput> context;

    /**
     * @param cleanRecordMaxBytes largest encoded clean record (without its single-object header) that fits in a chunk
     */
    public ScoreRequestValidator(PipelineConfig pipeline, int cleanRecordMaxBytes, String service) {
        this.parser = new ScoreRequestParser(pipeline.inputDecoder());
        this.extractor = new FeatureExtractor(pipeline.featureSpec());
        this.cleanRecordMaxBytes = cleanRecordMaxBytes;
        this.chunkMaxBytes = pipeline.batchChunkMaxBytes();
        this.service = service;
        this.deadLettered = StreamtrainMeters.deadLettered(pipeline.pipelineName(), service);
    }

    @Override
    public void init(ProcessorContext<byte[], IngestOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> request) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("score requests must be read directly from their topic"));
        switch (parser.parse(source.topic(), source.partition(), source.offset(), request.key(), request.value())) {
            case ParsedRequest.Rejected rejected -> deadLetter(request, source, rejected.requestId(), 0, request.value(),
                    rejected.reason(), rejected.detail());
            case ParsedRequest.Accepted accepted -> {
                for (RequestRecord record : accepted.records()) {
                    place(request, source, accepted.requestId(), record);
                }
            }
        }
    }

    private void place(Record<byte[], byte[]> request, RecordMetadata source, String requestId, RequestRecord record) {
        switch (record) {
            case RequestRecord.Invalid invalid -> deadLetter(request, source, requestId, invalid.index(), invalid.bytes(),
                    invalid.reason(), invalid.detail());
            case RequestRecord.Decoded decoded -> {
                switch (extractor.extract(decoded.record(), request.timestamp(), source.partition(), source.offset(),
                        FeatureExtractor.LabelPolicy.IGNORED)) {
                    case Extraction.Rejected rejected -> deadLetter(request, source, requestId, decoded.index(),
                            decoded.bytes(), rejected.reason(), rejected.detail());
                    case Extraction.Accepted accepted -> toWindow(request, source, requestId, decoded, accepted.record());
                }
            }
        }
    }

    private void toWindow(Record<byte[], byte[]> request, RecordMetadata source, String requestId,
                          RequestRecord.Decoded decoded, CleanRecord extracted) {
        CleanRecord record = CleanRecord.newBuilder(extracted)
                .setEventTime(Instant.ofEpochMilli(request.timestamp()))
                .setRequestId(requestId)
                .build();
        byte[] encoded = writer.encode(record);
        if (encoded.length - CleanRecordWriter.HEADER_BYTES > cleanRecordMaxBytes) {
            deadLetter(request, source, requestId, decoded.index(), decoded.bytes(), DeadLetterReason.OVERSIZED,
                    "cleaned record of " + encoded.length + " bytes does not fit in a batch chunk of "
                            + PipelineConfig.BATCH_CHUNK_MAX_BYTES_CONFIG + "=" + chunkMaxBytes);
            return;
        }
        forward(request, new WindowInput.ScoreRequest(request.timestamp(), source.partition(), source.offset(), request.key(), encoded));
    }

    private void deadLetter(Record<byte[], byte[]> request, RecordMetadata source, String requestId, int index,
                            byte[] value, DeadLetterReason reason, String detail) {
        Headers headers = new RecordHeaders(request.headers().toArray());
        DeadLetterHeaders.annotate(headers, reason, detail, service, source.topic(), source.partition(), source.offset());
        headers.add(DeadLetterHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.REQUEST_INDEX, String.valueOf(index).getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(request.key(), new IngestOutput.DeadLetter(value), request.timestamp(), headers));
        deadLettered.increment();
        forward(request, new WindowInput.Refused(reason));
    }

    private void forward(Record<byte[], byte[]> request, WindowInput input) {
        context.forward(new Record<>(request.key(), new IngestOutput.ToWindow(input), request.timestamp(), new RecordHeaders()));
    }
}
