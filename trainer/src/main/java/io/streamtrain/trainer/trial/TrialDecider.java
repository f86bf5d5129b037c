package io.streamtrain.trainer.trial;

import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.TrialEnd;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trial.TrialJudge;
import io.streamtrain.ml.trial.TrialOutcomeJoin;
import io.streamtrain.ml.trial.TrialRule;
import io.streamtrain.ml.trial.TrialVerdict;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the pipeline's trial, once, in the trainer: the one owner of promotion, single-writer by its transactional
 * id, so "once" needs no election however many scorer instances score the trial.
 *
 * <p>It learns of trials only from {@code <p>.models} ({@link #apply}, fed by the trainer's models-topic watch): the
 * signed challenger under {@code <p>:trial} starts a trial, its tombstone (written with the decision) ends it. So a
 * restarted trainer finds the trial in force exactly as the scorers do, reads its evidence ({@link TrialEvidence})
 * again from the announcement's time, and its {@link TrialJudge} reaches the same counts, since the join counts each
 * record id once in any read order. A newer challenger announced during a trial replaces it.
 *
 * <p>An operator's early end ({@link TrialEnd} under {@code <p>:trial-end}) is carried out once the evidence committed
 * when the decider took it in has been read, so it decides on everything recorded by then, also when it is read again
 * at a restart (then before any evidence, which the end waits for like any other).
 *
 * <p>{@link #poll} hands out the verdict until {@link #published} is called, so a publication that was aborted is
 * tried again; {@link #progress} hands out the running trial's evidence every {@code deploy.progress.interval.ms} while
 * it changes. Not thread-safe: the trainer's consumer thread is its only user.
 */
public final class TrialDecider implements AutoCloseable {

    /**
     * Record ids waiting for the other model's prediction or their label. Beyond it the oldest is dropped (counted as
     * {@code evicted} in the decision), so traffic that is mostly never labelled cannot exhaust the trainer's memory.
     */
    static final int MAX_PENDING = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(TrialDecider.class);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<TrialEnd> TRIAL_ENDS = AvroMessageCodec.of(TrialEnd.class);

    private final String pipeline;
    private final ModelVerifier verifier;
    private final DeploySettings deploy;
    private final TrialEvidence evidence;
    private final Clock clock;
    private AnnouncedTrial trial;
    private TrialJudge judge;
    private TrialOutcomeJoin join;
    private DecidedTrial pending;
    private TrialEnd requestedEnd;
    private Map<TopicPartition, Long> evidenceAtEnd;
    private long reportedOutcomes;
    private Instant reportedAt;

    /**
     * @param deploy the pipeline's {@code deploy.*} keys; its strategy is shadow or canary
     */
    public TrialDecider(String pipeline, ModelVerifier verifier, DeploySettings deploy, TrialEvidence evidence, Clock clock) {
        if (!deploy.triesChallengers()) {
            throw new IllegalArgumentException("trials are decided under deploy.strategy shadow or canary, not " + deploy.strategy().key());
        }
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.deploy = Objects.requireNonNull(deploy, "deploy");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The {@code deploy.*} keys trials are run by. */
    public DeploySettings deploy() {
        return deploy;
    }

    /** The trial in force, if any. */
    public Optional<AnnouncedTrial> trial() {
        return Optional.ofNullable(trial);
    }

    /** Takes in one record of the models topic; only the trial's key and the operator's early end matter here. */
    public void apply(ConsumerRecord<String, byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (ModelsTopicKeys.trialEnd(pipeline).equals(record.key())) {
            endEarly(record, origin);
            return;
        }
        if (!ModelsTopicKeys.trial(pipeline).equals(record.key())) {
            return;
        }
        if (record.value() == null) {
            trial().ifPresent(ended -> LOG.info("Trial of version {} of pipeline {} is over ({})", ended.challengerVersion(), pipeline, origin));
            end();
            return;
        }
        try {
            verifier.verify(record.value(), record.headers());
            ModelEnvelope envelope = ENVELOPES.decode(record.value());
            if (!pipeline.equals(envelope.getPipeline()) || envelope.getPromotion() == null
                    || envelope.getPromotion().getStatus() != PromotionStatus.TRIAL) {
                LOG.warn("Ignoring the trial record at {}: it is no challenger on trial of pipeline {}", origin, pipeline);
                return;
            }
            if (trial != null && trial.challengerVersion() == envelope.getVersion()) {
                return;
            }
            start(new AnnouncedTrial(envelope, Instant.ofEpochMilli(record.timestamp())));
        } catch (ModelRejectedException | SerializationException | IllegalArgumentException e) {
            LOG.warn("Ignoring the trial record at {} of pipeline {}: {}", origin, pipeline, e.getMessage());
        }
    }

    /**
     * Reads the evidence that arrived, without waiting, and asks the rule.
     *
     * @return the verdict while it waits to be published
     */
    public Optional<DecidedTrial> poll() {
        if (trial == null || pending != null || judge.decided().isPresent()) {
            return Optional.ofNullable(pending);
        }
        Instant now = clock.instant();
        for (TrialEvidence.Item item : evidence.poll()) {
            Optional<TrialVerdict> verdict = switch (item) {
                case TrialEvidence.Item.Predicted(var prediction) -> judge.prediction(prediction.recordId(), prediction.modelVersion(),
                        new TrialOutcomeJoin.Prediction(prediction.label(), prediction.value()), now);
                case TrialEvidence.Item.Labelled(String recordId, Object label) -> judge.label(recordId, label, now);
            };
            if (verdict.isPresent()) {
                return Optional.of(decided(verdict.get(), Optional.empty()));
            }
        }
        if (requestedEnd != null && evidenceReadToEnd()) {
            TrialEnd end = requestedEnd;
            return judge.endEarly(end.getOperator(), end.getPromote(), end.getReason()).map(verdict -> decided(verdict, Optional.of(end)));
        }
        return judge.tick(now).map(verdict -> decided(verdict, Optional.empty()));
    }

    /**
     * The running trial's evidence, when it changed since it was last handed out and {@code deploy.progress.interval.ms}
     * has passed since then (the first time at once); empty otherwise and once the trial is decided.
     */
    public Optional<TrialProgress> progress() {
        if (trial == null || pending != null || judge.decided().isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        long outcomes = judge.outcomes().outcomes();
        boolean due = reportedAt == null || !now.isBefore(reportedAt.plus(deploy.progressInterval()));
        if (!due || (reportedAt != null && outcomes == reportedOutcomes)) {
            return Optional.empty();
        }
        reportedAt = now;
        reportedOutcomes = outcomes;
        return Optional.of(new TrialProgress(trial, deploy, judge.outcomes(), now));
    }

    /**
     * An operator's early end of the trial it names: carried out by {@link #poll} once the evidence committed by now is
     * read, unless the rule decides first. Read again after a restart, it ends the rebuilt trial the same way, so an end
     * asked for just before a crash is still carried out, with the evidence recorded by then rather than none.
     */
    private void endEarly(ConsumerRecord<String, byte[]> record, String origin) {
        if (record.value() == null) {
            return;
        }
        TrialEnd end;
        try {
            end = TRIAL_ENDS.decode(record.value());
        } catch (SerializationException e) {
            LOG.warn("Ignoring an unreadable early end of a trial at {}: {}", origin, e.getMessage());
            return;
        }
        if (trial == null || !pipeline.equals(end.getPipeline()) || end.getVersion() != trial.challengerVersion()) {
            LOG.info("{} asked to end the trial of version {} of pipeline {} ({}), which is not on trial; nothing changes",
                    end.getOperator(), end.getVersion(), end.getPipeline(), origin);
            return;
        }
        if (judge.decided().isPresent()) {
            return;
        }
        requestedEnd = end;
        evidenceAtEnd = null;
        LOG.info("{} asked to end the trial of version {} of pipeline {} ({}); carried out once the evidence committed by now is read",
                end.getOperator(), end.getVersion(), pipeline, origin);
    }

    /**
     * Whether the evidence committed when the operator's end was taken up has been read; where it ends is asked once,
     * at the first call (again at the next if the cluster does not answer in time).
     */
    private boolean evidenceReadToEnd() {
        if (evidenceAtEnd == null) {
            try {
                evidenceAtEnd = evidence.endOffsets();
            } catch (TimeoutException e) {
                LOG.warn("Could not learn where the evidence of the trial of pipeline {} ends; asking again: {}", pipeline, e.getMessage());
                return false;
            }
        }
        return evidence.reached(evidenceAtEnd);
    }

    /** {@code decided} is committed: it is not handed out again, and the trial ends when its tombstone is read. */
    public void published(DecidedTrial decided) {
        if (decided.equals(pending)) {
            pending = null;
            evidence.stop();
        }
    }

    @Override
    public void close() {
        evidence.close();
    }

    private DecidedTrial decided(TrialVerdict verdict, Optional<TrialEnd> operatorEnd) {
        pending = new DecidedTrial(trial, deploy.strategy(), verdict, join.evicted(), join.unusable(), evidence.unreadable(), operatorEnd,
                clock.instant());
        LOG.info("Trial of version {} against version {} of pipeline {} decided: {}", trial.challengerVersion(), trial.championVersion(),
                pipeline, verdict.reason());
        return pending;
    }

    private void start(AnnouncedTrial announced) {
        if (trial != null) {
            LOG.info("Trial of version {} of pipeline {} is superseded by version {}", trial.challengerVersion(), pipeline,
                    announced.challengerVersion());
        }
        trial = announced;
        join = new TrialOutcomeJoin(announced.championVersion(), announced.challengerVersion(), announced.regression(), MAX_PENDING);
        judge = new TrialJudge(TrialRule.of(deploy), join, announced.startedAt());
        pending = null;
        forgetEndAndProgress();
        evidence.readFrom(announced.startedAt());
        LOG.info("Trial of version {} against version {} of pipeline {} runs since {} ({}); reading its evidence from then",
                announced.challengerVersion(), announced.championVersion(), pipeline, announced.startedAt(), deploy.strategy().key());
    }

    private void end() {
        trial = null;
        judge = null;
        join = null;
        pending = null;
        forgetEndAndProgress();
        evidence.stop();
    }

    private void forgetEndAndProgress() {
        requestedEnd = null;
        evidenceAtEnd = null;
        reportedAt = null;
        reportedOutcomes = 0;
    }
}
