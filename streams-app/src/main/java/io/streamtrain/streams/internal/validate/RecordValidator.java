package io.streamtrain.streams.internal.validate;

import io.micrometer.core.instrument.Counter;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.streams.internal.window.WindowInput;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Validates each input record ({@link RecordValidation}) and forwards the outcome.
 *
 * <p>A valid record goes to the windower without the input's headers (they would only inflate the
 * repartition topic). A refused record is forwarded twice: as a dead letter with its original key, value and
 * headers plus the dead-letter headers, and as a {@link WindowInput.Refused} notice so that the windower can
 * count dead letters per window.
 */
public final class RecordValidator implements Processor<byte[], byte[], byte[], IngestOutput> {

    private final RecordValidation validation;
    private final String service;
    private final Counter recordsIn;
    private final Counter deadLettered;
    private ProcessorContext<byte[], IngestOutput> context;

    public RecordValidator(RecordValidation validation, String pipeline, String service) {
        this.validation = validation;
        this.service = service;
        this.recordsIn = StreamtrainMeters.recordsIn(pipeline);
        this.deadLettered = StreamtrainMeters.deadLettered(pipeline, service);
    }

    @Override
    public void init(ProcessorContext<byte[], IngestOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("validation must read directly from the input topic"));
        recordsIn.increment();
        switch (validation.validate(record.key(), record.value(), record.timestamp(), source.partition(), source.offset(),
                context.currentSystemTimeMs())) {
            case Verdict.Accept accept -> forward(record, new IngestOutput.ToWindow(accept.input()));
            case Verdict.Reject reject -> {
                DeadLetterHeaders.annotate(record.headers(), reject.reason(), reject.detail(), service,
                        source.topic(), source.partition(), source.offset());
                context.forward(record.withValue(new IngestOutput.DeadLetter(record.value())));
                deadLettered.increment();
                forward(record, new IngestOutput.ToWindow(new WindowInput.Refused(reject.reason())));
            }
        }
    }

    private void forward(Record<byte[], byte[]> input, IngestOutput output) {
        context.forward(new Record<>(input.key(), output, input.timestamp(), new RecordHeaders()));
    }
}
