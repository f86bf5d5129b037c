package io.streamtrain.trainer.publish;

import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.core.transactions.TransactionErrorPolicy;
import io.streamtrain.core.transactions.TransactionErrorPolicy.Action;
import io.streamtrain.core.transactions.TransactionErrorPolicy.Verdict;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the trainer's results to Kafka, each in one transaction of a transactional producer together with
 * the offsets of the batch that produced it, so a batch is accounted for exactly once.
 *
 * <ul>
 *   <li>{@link #publishModel}: the envelope to {@code <p>.models} (key: pipeline name) and to
 *       {@code <p>.model-history} (key: {@link ModelHistoryKey}), both with the same signature headers, a
 *       {@code MODEL_PUBLISHED} event, offsets.</li>
 *   <li>{@link #recordUnpromoted}: the same without {@code <p>.models}, for a rejected or held-back model.</li>
 *   <li>{@link #publishTrial}: the same with the challenger under {@code <p>:trial} of {@code <p>.models} instead of
 *       the current model's key.</li>
 *   <li>{@link #publishTrialDecision}: a trial's decided envelope to the history (and, promoted, as the current
 *       model), a tombstone for {@code <p>:trial}, the {@code TRIAL_DECIDED} event; no offsets.</li>
 *   <li>{@link #recordSkip}: a {@code BATCH_SKIPPED} event and offsets.</li>
 *   <li>{@link #publishTransient}: a transient window's predictions and dead letters, its event, offsets; never
 *       anything on the model topics.</li>
 *   <li>{@link #commitOffsets}: offsets alone, past messages that settle nothing (progress of idle input
 *       partitions).</li>
 *   <li>{@link #publishEvent}: one event, no offsets (service started or stopped).</li>
 * </ul>
 *
 * <p><b>Failure policy.</b> Each call either commits its transaction or aborts it and throws:
 * {@link ModelTooLargeException} when an envelope cannot be written at all (checked before the transaction
 * starts, or refused by the broker); otherwise by {@link TransactionErrorPolicy}, shared with the scorer:
 * {@link PublishAbortedException} for {@code ABORT_AND_RETRY}, {@link PublisherFailedException} for {@code STOP},
 * for {@code REPLACE_CLIENTS} (a new producer must start with a fresh read of the version ledger, which only a
 * restart of the trainer does) and for an abort that itself fails. After {@link PublisherFailedException} the
 * publisher must only be closed.
 *
 * <p>Not thread-safe: use it from one thread.
 */
public final class ModelPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final Producer<String, byte[]> producer;
    private final PipelineTopics topics;
    private final String pipeline;
    private final int maxEnvelopeBytes;
    private final ModelSigner signer;

    /**
     * @param producer         a producer with a {@code transactional.id}, not yet initialised
     * @param topics           the pipeline's topics
     * @param pipeline         the pipeline name; the key on the models and events topics
     * @param maxEnvelopeBytes largest encoded envelope to send; keep it under the producer's
     *                         {@code max.request.size} and the topics' {@code max.message.bytes}
     * @param signer           signs every envelope; its signature headers go with both copies
     */
    public ModelPublisher(Producer<String, byte[]> producer, PipelineTopics topics, String pipeline,
                          int maxEnvelopeBytes, ModelSigner signer) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        if (maxEnvelopeBytes < 1) {
            throw new IllegalArgumentException("maxEnvelopeBytes must be positive, was " + maxEnvelopeBytes);
        }
        this.maxEnvelopeBytes = maxEnvelopeBytes;
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * Registers the transactional id: fences every older producer with the same id and completes or aborts
     * the transaction it left open. Call once, before anything else and before reading the
     * {@link VersionLedger}.
     */
    public void initialize() {
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            throw new PublisherFailedException("could not initialise the transactional producer: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes {@code envelope} as the pipeline's current model and into its history, with {@code event} and
     * the batch's {@code offsets}, atomically.
     */
    public void publishModel(ModelEnvelope envelope, PipelineEvent event, BatchOffsets offsets) {
        inTransaction("model version " + envelope.getVersion(),
                envelopeRecords(envelope, event, Optional.of(ModelsTopicKeys.currentModel(pipeline))), offsets);
    }

    /**
     * Announces {@code envelope} (gate status {@code TRIAL}) as the challenger on trial: under {@code <p>:trial} of
     * the models topic, replacing any earlier challenger, and into the history, with {@code event} and the batch's
     * {@code offsets}, atomically. Scorers serve it beside the champion; only a trial decision promotes it.
     */
    public void publishTrial(ModelEnvelope envelope, PipelineEvent event, BatchOffsets offsets) {
        inTransaction("trial of model version " + envelope.getVersion(),
                envelopeRecords(envelope, event, Optional.of(ModelsTopicKeys.trial(pipeline))), offsets);
    }

    /**
     * Ends a trial: {@code decided} (the challenger with its final status and the verdict as reason) into the history
     * and, when {@code promoted}, as the current model; a tombstone for {@code <p>:trial}; {@code event}; atomically.
     * No batch offsets: the decision comes from the predictions and labels, not from a batch.
     */
    public void publishTrialDecision(ModelEnvelope decided, boolean promoted, PipelineEvent event) {
        List<ProducerRecord<String, byte[]>> records = envelopeRecords(decided, event,
                promoted ? Optional.of(ModelsTopicKeys.currentModel(pipeline)) : Optional.empty());
        records.addFirst(new ProducerRecord<>(topics.models(), ModelsTopicKeys.trial(pipeline), null));
        inTransaction("decision of the trial of model version " + decided.getVersion(), records, null);
    }

    /**
     * Records {@code envelope} in the history only (a model the gate rejected, or held back while the pipeline is
     * pinned), with {@code event} and the batch's {@code offsets}, atomically. It uses its version like any model.
     */
    public void recordUnpromoted(ModelEnvelope envelope, PipelineEvent event, BatchOffsets offsets) {
        inTransaction("model version " + envelope.getVersion(), envelopeRecords(envelope, event, Optional.empty()), offsets);
    }

    /** The signed envelope under {@code modelsKey} of the models topic (if any) and in the history, then the event. */
    private List<ProducerRecord<String, byte[]>> envelopeRecords(ModelEnvelope envelope, PipelineEvent event,
                                                                 Optional<String> modelsKey) {
        if (!pipeline.equals(envelope.getPipeline())) {
            throw new IllegalArgumentException("envelope of pipeline " + envelope.getPipeline()
                    + " given to the publisher of pipeline " + pipeline);
        }
        byte[] bytes = ENVELOPES.encode(envelope);
        if (bytes.length > maxEnvelopeBytes) {
            throw new ModelTooLargeException("model envelope version " + envelope.getVersion() + " is " + bytes.length
                    + " bytes, over the limit of " + maxEnvelopeBytes + " bytes", null);
        }
        List<Header> signature = signer.headersFor(bytes);
        String historyKey = new ModelHistoryKey(pipeline, envelope.getVersion()).toString();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        modelsKey.ifPresent(key -> records.add(new ProducerRecord<>(topics.models(), null, key, bytes, signature)));
        records.add(new ProducerRecord<>(topics.modelHistory(), null, historyKey, bytes, signature));
        records.add(eventRecord(event));
        return records;
    }

    /** Records a batch that makes no model: {@code event} says why; {@code offsets} mark it done. */
    public void recordSkip(PipelineEvent event, BatchOffsets offsets) {
        inTransaction("skipped batch", List.of(eventRecord(event)), Objects.requireNonNull(offsets, "offsets"));
    }

    /**
     * Publishes what a window of a transient pipeline yielded: {@code outputs} (predictions on {@code <p>.predictions},
     * dead letters on {@code <p>.dlq}), {@code event} and the batch's {@code offsets}, atomically.
     *
     * @throws IllegalArgumentException if an output is meant for another topic: a transient pipeline stores no model
     */
    public void publishTransient(List<ProducerRecord<String, byte[]>> outputs, PipelineEvent event, BatchOffsets offsets) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(outputs.size() + 1);
        for (ProducerRecord<String, byte[]> output : outputs) {
            if (!output.topic().equals(topics.predictions()) && !output.topic().equals(topics.deadLetters())) {
                throw new IllegalArgumentException("a transient window writes to " + topics.predictions() + " and "
                        + topics.deadLetters() + " only, not to " + output.topic());
            }
            records.add(output);
        }
        records.add(eventRecord(event));
        inTransaction("transient window", records, Objects.requireNonNull(offsets, "offsets"));
    }

    /** Commits {@code offsets} alone, past messages that needed no outcome, in a transaction like any other. */
    public void commitOffsets(BatchOffsets offsets) {
        inTransaction("offsets", List.of(), Objects.requireNonNull(offsets, "offsets"));
    }

    /** Publishes one event on its own. */
    public void publishEvent(PipelineEvent event) {
        inTransaction(event.getType() + " event", List.of(eventRecord(event)), null);
    }

    /** Closes the producer; an open transaction (there is none between calls) would be aborted by the broker. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private ProducerRecord<String, byte[]> eventRecord(PipelineEvent event) {
        return new ProducerRecord<>(topics.events(), pipeline, EVENTS.encode(event));
    }

    private void inTransaction(String what, List<ProducerRecord<String, byte[]>> records, BatchOffsets offsets) {
        List<Exception> sendFailures = Collections.synchronizedList(new ArrayList<>());
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        sendFailures.add(exception);
                    }
                });
            }
            if (offsets != null) {
                producer.sendOffsetsToTransaction(offsets.offsets(), offsets.groupMetadata());
            }
            producer.commitTransaction();
        } catch (KafkaException | IllegalStateException e) {
            Verdict verdict = TransactionErrorPolicy.classify(e);
            if (verdict.action() != Action.ABORT_AND_RETRY) {
                throw new PublisherFailedException("cannot publish " + what + ": " + verdict.cause().getMessage(),
                        verdict.cause());
            }
            abort(what, e);
            RuntimeException tooLarge = recordTooLarge(e, sendFailures);
            if (tooLarge != null) {
                throw new ModelTooLargeException("the broker refused " + what + " as too large: "
                        + tooLarge.getMessage(), tooLarge);
            }
            throw new PublishAbortedException("publishing " + what + " failed and was aborted: " + e.getMessage(), e);
        }
    }

    private void abort(String what, RuntimeException failure) {
        try {
            producer.abortTransaction();
            LOG.warn("Aborted the transaction publishing {} of pipeline {}: {}", what, pipeline, failure.toString());
        } catch (KafkaException | IllegalStateException e) {
            e.addSuppressed(failure);
            throw new PublisherFailedException("could not abort the transaction publishing " + what + ": "
                    + e.getMessage(), e);
        }
    }

    private static RuntimeException recordTooLarge(Throwable e, List<Exception> sendFailures) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        synchronized (sendFailures) {
            return sendFailures.stream()
                    .filter(RecordTooLargeException.class::isInstance)
                    .map(RecordTooLargeException.class::cast)
                    .findFirst().orElse(null);
        }
    }
}
