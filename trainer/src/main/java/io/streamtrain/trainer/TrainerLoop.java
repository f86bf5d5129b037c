package io.streamtrain.trainer;

import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.TrainingScheduler.Finished;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.batch.AssemblyResult;
import io.streamtrain.trainer.champion.ChampionTracker;
import io.streamtrain.trainer.champion.ModelsTopicWatch;
import io.streamtrain.trainer.horizon.HorizonMeters;
import io.streamtrain.trainer.horizon.HorizonSnapshot;
import io.streamtrain.trainer.publish.BatchOffsets;
import io.streamtrain.trainer.publish.ModelPublisher;
import io.streamtrain.trainer.publish.ModelTooLargeException;
import io.streamtrain.trainer.publish.PublishAbortedException;
import io.streamtrain.trainer.publish.VersionLedger;
import io.streamtrain.trainer.transientmode.TransientOutputs;
import io.streamtrain.trainer.trial.DecidedTrial;
import io.streamtrain.trainer.trial.TrialDecider;
import io.streamtrain.trainer.trial.TrialProgress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's consumer thread: reads the batches topic, hands complete batches to the
 * {@link TrainingScheduler} and publishes every outcome in a transaction with the batch's offsets. In transient mode
 * the outcome is not a stored model but the window's predictions ({@link TransientOutputs}), made here, when the
 * fit is published: scoring a window costs little next to training on it.
 *
 * <p>A partition whose batch is complete is paused, and its position set just after the manifest, until the
 * batch is published or skipped; polling never stops meanwhile, so a slow fit never costs group membership.
 *
 * <p>A complete batch first joins its partition's training horizon ({@link PartitionBatches#admit}); the fit gets the
 * horizon as it was then. Messages an earlier owner committed are read again only up to the committed offset, to
 * rebuild the horizon ({@link #replay}); they are never trained or reported twice.
 *
 * <p><b>Failure policy.</b>
 * <ul>
 *   <li>A message that cannot be decoded, has no value or belongs to another pipeline is logged (partition,
 *       offset, key, reason) and reported as a {@code BATCH_SKIPPED} event, in a transaction that also commits
 *       past it. Its key names its batch: that batch can never be complete, so it is dropped and its other
 *       messages are ignored, also after a restart (the commit metadata names it). A message without a key
 *       that lies between the chunks of an unfinished batch is read again after a restart and reported
 *       again. To replay such data, fix it upstream and write the batch anew under a new batch id.</li>
 *   <li>A batch that cannot be assembled (incomplete at its manifest, over the limits, inconsistent counts) is
 *       reported and committed the same way. So is a batch that made no model, whose fit threw, or whose
 *       envelope is too large to publish; none of them uses a version.</li>
 *   <li>An aborted transaction rewinds the partition to its last commit: the batch is read, trained and
 *       published again with the next free version; the aborted version was never visible, so none is lost.</li>
 *   <li>A revoked or lost partition drops its waiting and running fits; nothing of it is committed.</li>
 *   <li>A fenced or otherwise failed producer ends the loop with its exception (the trainer stops).</li>
 * </ul>
 */
final class TrainerLoop implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerLoop.class);
    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    /** Longest wait for the models topic before a publication; it is small and local to the cluster. */
    private static final Duration MODELS_REFRESH_TIMEOUT = Duration.ofSeconds(30);

    private final String pipeline;
    private final Consumer<String, byte[]> consumer;
    private final ModelPublisher publisher;
    private final VersionLedger ledger;
    private final TrainingScheduler scheduler;
    private final TrainerEvents events;
    private final BatchIntake intake;
    private final Duration pollTimeout;
    private final ChampionTracker champions;
    private final ModelsTopicWatch modelsWatch;
    private final Optional<TransientOutputs> transientOutputs;
    private final HorizonMeters horizonMeters;
    private final Optional<TrialDecider> trials;
    private boolean draining;

    TrainerLoop(String pipeline, Consumer<String, byte[]> consumer, ModelPublisher publisher, VersionLedger ledger,
                TrainingScheduler scheduler, TrainerEvents events, BatchIntake intake, Duration pollTimeout,
                ChampionTracker champions, ModelsTopicWatch modelsWatch, Optional<TransientOutputs> transientOutputs,
                Optional<TrialDecider> trials) {
        this.pipeline = pipeline;
        this.consumer = consumer;
        this.publisher = publisher;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.events = events;
        this.intake = intake;
        this.pollTimeout = pollTimeout;
        this.champions = champions;
        this.modelsWatch = modelsWatch;
        this.transientOutputs = transientOutputs;
        this.horizonMeters = new HorizonMeters(pipeline);
        this.trials = trials;
    }

    /**
     * Polls until {@code stopRequested}, then waits up to {@code shutdownTimeout} for running fits to finish and
     * be published, abandons the rest and publishes {@code SERVICE_STOPPED}.
     */
    void run(BooleanSupplier stopRequested, Duration shutdownTimeout) {
        while (!stopRequested.getAsBoolean()) {
            read(consumer.poll(pollTimeout));
            trainDueWindows();
            modelsWatch.poll();
            trials.flatMap(TrialDecider::poll).ifPresent(this::publishTrialDecision);
            trials.flatMap(TrialDecider::progress).ifPresent(this::publishTrialProgress);
            publishFinished();
            commitIdlePartitions();
            scheduler.startFits(ledger.nextVersion());
        }
        drain(shutdownTimeout);
        try {
            publisher.publishEvent(events.stopped(ledger.latestVersion()));
        } catch (PublishAbortedException e) {
            // Everything that matters is committed already; a missing SERVICE_STOPPED is no reason to fail.
            LOG.warn("Could not publish the SERVICE_STOPPED event of pipeline {}", pipeline, e);
        }
    }

    /** Stops the training threads and closes the clients; nothing is published any more. */
    void close(Duration timeout) {
        scheduler.shutdownNow();
        try {
            publisher.close(timeout);
        } finally {
            try {
                consumer.close(CloseOptions.timeout(timeout));
            } finally {
                modelsWatch.close();
                trials.ifPresent(TrialDecider::close);
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        intake.assign(partitions);
        if (draining) {
            consumer.pause(partitions);
        }
        LOG.info("Trainer of pipeline {} assigned {}", pipeline, partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions, "lost");
    }

    private void forget(Collection<TopicPartition> partitions, String how) {
        scheduler.drop(partitions);
        intake.revoke(partitions);
        horizonMeters.held(intake.horizons());
        if (!partitions.isEmpty()) {
            LOG.info("Trainer of pipeline {} {} {}; their uncommitted batches are left to the new owner", pipeline,
                    how, partitions);
        }
    }

    private void read(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            PartitionBatches batches = intake.get(partition);
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!read(batches, record)) {
                    // Paused for training or rewound: the rest of this poll is read again later.
                    break;
                }
            }
        }
    }

    /** Adds one message; false when the partition must not be read further in this poll. */
    private boolean read(PartitionBatches batches, ConsumerRecord<String, byte[]> record) {
        if (batches.replaying(record.offset())) {
            replay(batches, record);
            return true;
        }
        batches.endReplay();
        BatchMessage message;
        try {
            message = decode(record);
        } catch (SerializationException e) {
            return readUnreadable(batches, record, e.getMessage());
        }
        for (AssemblyResult result : batches.add(record.offset(), message)) {
            switch (result) {
                case AssemblyResult.Complete(var batch) when batches.finishedEarlier(batch) -> batches.replayed(batch);
                case AssemblyResult.Complete(var batch) -> {
                    train(batches, batch);
                    consumer.seek(batches.partition(), batch.manifestOffset() + 1);
                    return false;
                }
                case AssemblyResult.Rejected rejected when batches.finishedEarlier(rejected.batchId()) -> {
                    // The earlier reader reported it.
                }
                case AssemblyResult.Rejected rejected -> {
                    LOG.warn("Dropped batch {} of pipeline {} at {}@{}: {}", rejected.batchId(), pipeline,
                            batches.partition(), rejected.offset(), rejected.reason());
                    if (!recordSkip(batches, events.rejected(rejected, batches.partition()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Hands a complete batch to the training threads; its partition is paused until the outcome is published. A window
     * assembled from parts is reported closed first, since no streams-app task saw it whole; if a crash comes before
     * its outcome is committed, it is assembled and reported again.
     */
    private void train(PartitionBatches batches, AssembledBatch batch) {
        if (batches.isAssembledFromParts(batch)) {
            try {
                publisher.publishEvent(events.windowClosed(batch, batches.partition()));
                StreamtrainMeters.windowsClosed(pipeline).increment();
            } catch (PublishAbortedException e) {
                LOG.warn("Could not report window {} of pipeline {} closed; it is trained all the same", batch.batchId(),
                        pipeline, e);
            }
        }
        HorizonSnapshot horizon = batches.admit(batch);
        horizonMeters.held(intake.horizons());
        LOG.info("Batch {} of pipeline {} is complete with {} records{}; {} holds it until it is trained on a "
                        + "horizon of {} windows ({} rows)", batch.batchId(), pipeline, batch.records().size(),
                batch.manifest().getMissingPartitions().isEmpty() ? ""
                        : " (incomplete: no part of input partitions " + batch.manifest().getMissingPartitions() + ")",
                batches.partition(), horizon.windows(), horizon.rows());
        scheduler.submit(batches.partition(), batch, horizon);
        consumer.pause(List.of(batches.partition()));
    }

    /**
     * Trains the windows that are due, one per partition that is not training already: a window settled by the same
     * message as an older one (which {@link #read} trained), or one whose parts have waited past
     * {@code trainer.window.assembly.timeout.ms}. Everything polled has been read, so the partition goes on from where
     * it is.
     */
    private void trainDueWindows() {
        Set<TopicPartition> paused = consumer.paused();
        for (PartitionBatches batches : intake.owned()) {
            if (paused.contains(batches.partition()) || batches.rebuilding()) {
                continue;
            }
            for (AssemblyResult result : batches.nextDue()) {
                if (result instanceof AssemblyResult.Complete(var batch)) {
                    if (batches.finishedEarlier(batch)) {
                        batches.replayed(batch);
                    } else {
                        train(batches, batch);
                    }
                }
            }
        }
    }

    /**
     * Commits the partitions where nothing waits past what was read since their last commit (see
     * {@link PartitionBatches#idleCommitPoint}): idle input partitions keep writing progress, and the group's lag must
     * not grow while the input idles. A paused partition is training and commits with its outcome. A rebuild whose last
     * message before the committed offset was a commit marker ends here, once the position has passed it.
     */
    private void commitIdlePartitions() {
        Set<TopicPartition> paused = consumer.paused();
        for (PartitionBatches batches : intake.owned()) {
            TopicPartition partition = batches.partition();
            if (paused.contains(partition)) {
                continue;
            }
            long position;
            try {
                position = consumer.position(partition, Duration.ZERO);
            } catch (TimeoutException e) {
                // Not known yet (the position is being reset or fetched): nothing to commit before it is.
                continue;
            }
            if (batches.replayPassed(position)) {
                rebuilt(batches);
            }
            Optional<OffsetAndMetadata> point = batches.idleCommitPoint(position);
            if (point.isEmpty()) {
                continue;
            }
            try {
                publisher.commitOffsets(new BatchOffsets(Map.of(partition, point.get()), consumer.groupMetadata()));
            } catch (PublishAbortedException e) {
                LOG.warn("Committing {} past progress was aborted; it is read again", partition, e);
                intake.rewind(partition);
            }
        }
    }

    /**
     * A message an earlier reader committed, read again to rebuild the horizon: complete batches join it; rejected
     * batches and unreadable messages were reported by that reader and are passed over silently.
     */
    private void replay(PartitionBatches batches, ConsumerRecord<String, byte[]> record) {
        try {
            for (AssemblyResult result : batches.add(record.offset(), decode(record))) {
                if (result instanceof AssemblyResult.Complete(var batch)) {
                    batches.replayed(batch);
                }
            }
        } catch (SerializationException e) {
            if (record.key() == null || record.key().isBlank()) {
                batches.skip(record.offset());
            } else {
                batches.unreadable(record.offset(), record.key(), "unreadable message: " + e.getMessage());
            }
        }
        if (batches.lastReplayed(record.offset())) {
            batches.endReplay();
            rebuilt(batches);
        }
    }

    private void rebuilt(PartitionBatches batches) {
        horizonMeters.held(intake.horizons());
        LOG.info("Rebuilt the training horizon of {} for pipeline {}: {} windows, {} rows, {} bytes", batches.partition(),
                pipeline, batches.horizon().windows(), batches.horizon().rows(), batches.horizon().bytes());
    }

    private boolean readUnreadable(PartitionBatches batches, ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warn("Unreadable message at {}@{} (key {}): {}", batches.partition(), record.offset(), record.key(), reason);
        if (record.key() == null || record.key().isBlank()) {
            batches.skip(record.offset());
            return recordSkip(batches, events.unreadable(reason, batches.partition(), record.offset()));
        }
        Optional<AssemblyResult.Rejected> rejected = batches.unreadable(record.offset(), record.key(),
                "unreadable message: " + reason);
        return rejected.isEmpty() || recordSkip(batches, events.rejected(rejected.get(), batches.partition()));
    }

    private BatchMessage decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new SerializationException("the message has no value");
        }
        BatchMessage message = BATCHES.decode(record.value());
        // A message of another pipeline is as unusable as undecodable bytes, and handled the same way.
        if (!pipeline.equals(message.getPipeline())) {
            throw new SerializationException("the message belongs to pipeline " + message.getPipeline());
        }
        return message;
    }

    private void publishFinished() {
        Optional<Finished> finished;
        while ((finished = scheduler.nextFinished(ledger.nextVersion())).isPresent()) {
            publish(finished.get());
        }
    }

    private void publish(Finished finished) {
        TopicPartition partition = finished.partition();
        PartitionBatches batches = intake.get(partition);
        batches.finish(finished.batch().batchId());
        try {
            switch (finished.outcome()) {
                case TrainingOutcome.Trained(ModelEnvelope envelope) when transientOutputs.isPresent() ->
                        publishTransient(batches, finished, envelope, transientOutputs.get());
                case TrainingOutcome.Trained(ModelEnvelope envelope) -> publishModel(batches, finished, envelope);
                case TrainingOutcome.Skipped(String reason) -> {
                    LOG.info("Batch {} of pipeline {} made no model: {}", finished.batch().batchId(), pipeline, reason);
                    recordNoModel(batches, finished, reason);
                }
            }
        } catch (PublishAbortedException e) {
            LOG.warn("Publishing the outcome of batch {} was aborted; it will be trained again",
                    finished.batch().batchId(), e);
            intake.rewind(partition);
        }
        if (!draining) {
            consumer.resume(List.of(partition));
        }
    }

    private void publishModel(PartitionBatches batches, Finished finished, ModelEnvelope trained) {
        try {
            modelsWatch.refresh(MODELS_REFRESH_TIMEOUT);
        } catch (IllegalStateException | KafkaException e) {
            // Publishing without knowing of a pin could promote a model an operator held back: try again later.
            throw new PublishAbortedException("could not read the models topic before publishing: " + e.getMessage(), e);
        }
        ModelEnvelope envelope = onTrial(heldIfPinned(BackfillMarking.mark(trained, finished.batch())));
        PromotionStatus status = envelope.getPromotion() == null ? PromotionStatus.PROMOTED : envelope.getPromotion().getStatus();
        boolean promote = status == PromotionStatus.PROMOTED;
        PipelineEvent event = events.published(envelope, finished.batch(), batches.partition());
        try {
            if (promote) {
                publisher.publishModel(envelope, event, offsets(batches));
            } else if (status == PromotionStatus.TRIAL) {
                publisher.publishTrial(envelope, event, offsets(batches));
            } else {
                publisher.recordUnpromoted(envelope, event, offsets(batches));
            }
        } catch (ModelTooLargeException e) {
            LOG.error("Model of batch {} of pipeline {} cannot be published: {}", finished.batch().batchId(), pipeline,
                    e.getMessage());
            publisher.recordSkip(events.skipped(finished.batch(), e.getMessage(), batches.partition()),
                    offsets(batches));
            return;
        }
        ledger.published(envelope.getVersion());
        horizonMeters.fitUsed(envelope.getLineage().getHorizon());
        StreamtrainMeters.trainingDuration(pipeline).record(Duration.ofMillis(envelope.getTrainingMillis()));
        StreamtrainMeters.modelVersion(pipeline, "trainer").set(envelope.getVersion());
        if (promote) {
            champions.promoted(envelope);
        }
        LOG.info("{} model version {} of pipeline {} from batch {} ({} records, {} ms){}",
                promote ? "Published" : status == PromotionStatus.TRIAL ? "Put on trial" : "Recorded (not promoted)", envelope.getVersion(), pipeline,
                finished.batch().batchId(), finished.batch().records().size(), envelope.getTrainingMillis(),
                envelope.getPromotion() == null ? "" : ": " + envelope.getPromotion().getReason());
    }

    /** A batch without a model: its skip event, and in transient mode dead letters for the records it leaves unscored. */
    private void recordNoModel(PartitionBatches batches, Finished finished, String reason) {
        if (transientOutputs.isEmpty()) {
            publisher.recordSkip(events.skipped(finished.batch(), reason, batches.partition()), offsets(batches));
            return;
        }
        List<ProducerRecord<String, byte[]>> unscored = transientOutputs.get().unscored(finished.batch(), reason);
        publisher.publishTransient(unscored, events.transientSkipped(finished.batch(), reason, batches.partition(),
                unscored.size()), offsets(batches));
    }

    /**
     * Transient mode: scores the window's unlabelled records with its throw-away model and publishes the predictions
     * (or dead letters), the MODEL_TRAINED event and the batch's offsets; the model itself is dropped.
     */
    private void publishTransient(PartitionBatches batches, Finished finished, ModelEnvelope envelope,
                                  TransientOutputs outputs) {
        TransientOutputs.Scored scored = outputs.scored(finished.batch(), envelope);
        publisher.publishTransient(scored.records(), events.transientTrained(envelope, finished.batch(),
                batches.partition(), scored), offsets(batches));
        StreamtrainMeters.trainingDuration(pipeline).record(Duration.ofMillis(envelope.getTrainingMillis()));
        LOG.info("Transient model of batch {} of pipeline {} ({} labelled records, {} ms) scored {} records{}",
                finished.batch().batchId(), pipeline, envelope.getLineage().getTrainCount()
                        + envelope.getLineage().getTestCount(), envelope.getTrainingMillis(), scored.predictions(),
                scored.unscored() > 0 ? "; " + scored.unscored() + " unscored were dead-lettered" : "");
    }

    /** {@code envelope} marked TRIAL when trials are on, a champion serves and the gate would have promoted it. */
    private ModelEnvelope onTrial(ModelEnvelope envelope) {
        return trials.map(decider -> TrialMarking.mark(envelope, decider.deploy(),
                champions.champion().map(c -> OptionalLong.of(c.version())).orElse(OptionalLong.empty()))).orElse(envelope);
    }

    /**
     * Publishes a trial's decision once; an aborted publication is tried again at the next loop, since the decider
     * hands the verdict out until it is published. The promoted challenger becomes the champion new models meet.
     */
    private void publishTrialDecision(DecidedTrial decided) {
        ModelEnvelope envelope = decided.decidedEnvelope();
        try {
            publisher.publishTrialDecision(envelope, decided.promoted(), events.trialDecided(decided));
        } catch (PublishAbortedException e) {
            LOG.warn("Publishing the decision of the trial of version {} of pipeline {} was aborted; trying again",
                    envelope.getVersion(), pipeline, e);
            return;
        }
        trials.orElseThrow().published(decided);
        if (decided.promoted()) {
            champions.promoted(envelope);
        }
    }

    /** Reports a running trial's evidence; a lost report is only a gap in what operators see, the next one follows. */
    private void publishTrialProgress(TrialProgress progress) {
        try {
            publisher.publishEvent(events.trialProgress(progress));
        } catch (PublishAbortedException e) {
            LOG.warn("Could not report the progress of the trial of version {} of pipeline {}", progress.trial().challengerVersion(),
                    pipeline, e);
        }
    }

    /** {@code envelope} marked HELD when the pipeline is pinned and the gate would have promoted it. */
    private ModelEnvelope heldIfPinned(ModelEnvelope envelope) {
        OptionalLong pinned = champions.pinnedVersion();
        PromotionDecision decision = envelope.getPromotion();
        if (pinned.isEmpty() || decision == null || decision.getStatus() != PromotionStatus.PROMOTED) {
            return envelope;
        }
        PromotionDecision held = PromotionDecision.newBuilder(decision).setStatus(PromotionStatus.HELD)
                .setReason("the pipeline is pinned to version " + pinned.getAsLong() + "; gate: " + decision.getReason())
                .build();
        return ModelEnvelope.newBuilder(envelope).setPromotion(held).build();
    }

    /** Reports a skipped message or batch with its partition's commit point; false if the partition was rewound. */
    private boolean recordSkip(PartitionBatches batches, PipelineEvent event) {
        try {
            publisher.recordSkip(event, offsets(batches));
            return true;
        } catch (PublishAbortedException e) {
            LOG.warn("Recording a skipped batch was aborted; {} is read again", batches.partition(), e);
            intake.rewind(batches.partition());
            return false;
        }
    }

    private BatchOffsets offsets(PartitionBatches batches) {
        return new BatchOffsets(Map.of(batches.partition(), batches.commitPoint()), consumer.groupMetadata());
    }

    /** Keeps polling (to stay in the group) without reading, while running fits finish or time runs out. */
    private void drain(Duration shutdownTimeout) {
        draining = true;
        consumer.pause(consumer.assignment());
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        publishFinished();
        while (scheduler.fitting() && System.nanoTime() - deadline < 0) {
            consumer.poll(pollTimeout);
            publishFinished();
        }
        if (scheduler.fitting()) {
            LOG.warn("Abandoning fits still running after {} ms; their batches stay uncommitted and will be trained "
                    + "again", shutdownTimeout.toMillis());
        }
    }
}
