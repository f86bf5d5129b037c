package io.streamtrain.scorer.model;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicJudge;
import io.streamtrain.registry.ModelsTopicJudge.Verdict;
import io.streamtrain.registry.ServingPolicy;
import io.streamtrain.registry.ServingPolicy.Basis;
import io.streamtrain.registry.ServingPolicy.Decision;
import io.streamtrain.scorer.events.EventSink;
import io.streamtrain.scorer.model.EnvelopeCheck.Checked;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a record of the models topic becomes the current model.
 *
 * <p>A record's signature is verified before anything reads its bytes, its envelope is decoded and checked against
 * the pipeline's features ({@link EnvelopeCheck}), the {@link ServingPolicy} decides whether that version may replace
 * the served one (promoted and newer, or named by an operator's rollback record), and {@link ModelLoading} fully loads
 * and verifies it before it replaces the current model in one atomic step. A record that fails any step is refused:
 * logged with the reason, reported as a {@code MODEL_REFUSED} event, and the previous model keeps serving. Every change
 * of the served version is reported as {@code MODEL_LOADED} with the version, the previous version, the {@code basis}
 * ({@code promoted}, {@code rollback} or {@code history}) and, for a rollback, the {@code operator}.
 *
 * <p>At start the follower hands over the whole models topic, oldest first ({@link #screen}); the newest record the
 * policy allows and that loads is served ({@link #installScreened}), so one forged or unloadable record at the end of
 * the topic does not leave the scorer without a model. When nothing there can be served, the newest allowed version
 * of the model history is ({@link #screenHistory}, {@link #installFromHistory}). A tombstone never removes the
 * current model; taking a model out of service is done by publishing or rolling back to another one.
 */
public final class ModelInstaller {

    /** At start, how many servable versions are kept in case the newest one fails to load. */
    static final int START_CANDIDATES = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ModelInstaller.class);

    private final String pipeline;
    private final EnvelopeCheck check;
    private final ModelLoading loading;
    private final CurrentModel current;
    private final PipelineEvents events;
    private final EventSink sink;
    private final String instanceId;
    /** Decodes rollback records for the policy; envelopes are checked by {@link #check}, which also knows the features. */
    private final ModelsTopicJudge judge;
    private final ServingPolicy policy;
    /** Screened candidates, the most wanted last. */
    private final Deque<Candidate> candidates = new ArrayDeque<>();
    /** Where the served version was read on the models topic (for one from the history: the last offset read there). */
    private long servedOffset = -1;

    /** A version that may be served, waiting to be loaded. */
    private record Candidate(ModelEnvelope envelope, String origin, long offset, Decision.Serve decision) {
    }

    /**
     * @param spec       the pipeline's features; the scorer extracts exactly these, so a model trained on
     *                   other features (or in another order) cannot be served and is refused
     * @param verifier   checks each record's signature before its envelope is decoded
     * @param events     stamps events with this scorer instance and the pipeline, which is also the only pipeline
     *                   whose models are accepted
     * @param instanceId this scorer instance, named in every event
     */
    public ModelInstaller(FeatureSpec spec, ModelVerifier verifier, ModelLoading loading, CurrentModel current,
                          PipelineEvents events, EventSink sink, String instanceId) {
        this.check = new EnvelopeCheck(Objects.requireNonNull(spec, "spec").definitions(), verifier);
        this.loading = Objects.requireNonNull(loading, "loading");
        this.current = Objects.requireNonNull(current, "current");
        this.events = Objects.requireNonNull(events, "events");
        this.pipeline = events.pipeline();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.judge = new ModelsTopicJudge(pipeline, verifier);
        this.policy = judge.policy();
    }

    /**
     * Reads an operator's rollback record of the models topic: the version it names may be served once, when it
     * arrives after it. An unreadable record, or one of another pipeline, is logged and authorises nothing.
     */
    public void authorise(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        switch (judge.authorise(record.value(), record.offset())) {
            case Verdict.Authorised(var rollback) -> LOG.info("{} rolled pipeline {} back to version {} ({})", rollback.getOperator(),
                    pipeline, rollback.getVersion(), origin(record));
            case Verdict.Skip(var problem) -> LOG.warn("Ignoring {} at {}", problem.orElse("a rollback record"), origin(record));
        }
    }

    /** Loads the envelope in {@code record} and makes it current, or refuses it. Never throws for bad input. */
    public void offer(ConsumerRecord<byte[], byte[]> record) {
        screen(record);
        installScreened();
    }

    /**
     * Considers one record of the models topic without loading it yet: at start every record of the topic, oldest
     * first, afterwards those of one poll. A record that must not be served is refused (and reported) at once.
     */
    public void screen(ConsumerRecord<byte[], byte[]> record) {
        decide(record).ifPresent(candidate -> {
            candidates.addLast(candidate);
            if (candidates.size() > START_CANDIDATES) {
                candidates.removeFirst();
            }
            // Later records are judged as if this one were served, as they were when they arrived.
            policy.served(candidate.envelope().getVersion(), candidate.offset());
        });
    }

    /**
     * After {@link #screen}: serves the newest screened version that loads. False if none does; the version served
     * until then stays, and later records are judged against it again.
     */
    public boolean installScreened() {
        boolean installed = installBest();
        if (!installed) {
            policy.served(current.current().map(ScoringModel::version).orElse(-1L), servedOffset);
        }
        return installed;
    }

    /**
     * At start, when nothing on the models topic could be served: considers one record of the model history. Only
     * versions that the gate promoted after the last rollback, and the version that rollback names, are candidates;
     * others (rejected, held, backfill, older than a rollback) are passed over without a word, as the history holds
     * them by design.
     */
    public void screenHistory(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        if (!(check.check(record) instanceof Checked.Valid(ModelEnvelope envelope))) {
            LOG.info("History record {} cannot be served: it does not verify or fit the pipeline", origin(record));
            return;
        }
        if (!pipeline.equals(envelope.getPipeline()) || !policy.allowedFromHistory(envelope)) {
            return;
        }
        candidates.removeIf(c -> c.envelope().getVersion() == envelope.getVersion());
        candidates.add(new Candidate(envelope, origin(record), record.offset(), new Decision.Serve(Basis.HISTORY, Optional.empty())));
        // Keep the newest versions, the newest last.
        Candidate[] sorted = candidates.stream().sorted(Comparator.comparingLong(c -> c.envelope().getVersion()))
                .skip(Math.max(0, candidates.size() - START_CANDIDATES)).toArray(Candidate[]::new);
        candidates.clear();
        candidates.addAll(List.of(sorted));
    }

    /**
     * At start, after {@link #screenHistory}: serves the newest allowed version of the history that loads.
     *
     * @param modelsTopicOffset the last offset read on the models topic: rollback records up to it are spent
     * @return false if none loads
     */
    public boolean installFromHistory(long modelsTopicOffset) {
        boolean installed = installBest();
        servedOffset = modelsTopicOffset;
        policy.served(current.current().map(ScoringModel::version).orElse(-1L), modelsTopicOffset);
        return installed;
    }

    private boolean installBest() {
        try {
            while (!candidates.isEmpty()) {
                Candidate candidate = candidates.removeLast();
                Optional<ScoringModel> model = load(candidate);
                if (model.isPresent()) {
                    install(model.get(), candidate);
                    return true;
                }
            }
            return false;
        } finally {
            candidates.clear();
        }
    }

    /** The checks and the policy's verdict: a candidate to load, or empty (refused and reported, or unchanged). */
    private Optional<Candidate> decide(ConsumerRecord<byte[], byte[]> record) {
        String origin = origin(record);
        if (record.value() == null) {
            LOG.info("Ignoring tombstone at {}: a tombstone does not retire the model being served", origin);
            return Optional.empty();
        }
        ModelEnvelope envelope;
        switch (check.check(record)) {
            case Checked.Invalid(Long version, String reason) -> {
                refuse(version, origin, reason);
                return Optional.empty();
            }
            case Checked.Valid(ModelEnvelope valid) -> envelope = valid;
        }
        return switch (policy.decide(envelope, record.offset())) {
            case Decision.Refuse(String reason) -> {
                refuse(envelope.getVersion(), origin, reason);
                yield Optional.empty();
            }
            case Decision.Unchanged() -> {
                LOG.info("Version {} at {} is the version already served; nothing changes", envelope.getVersion(), origin);
                yield Optional.empty();
            }
            case Decision.Serve serve -> Optional.of(new Candidate(envelope, origin, record.offset(), serve));
        };
    }

    /** The fully loaded model, or empty when loading refused it (refused and reported). */
    private Optional<ScoringModel> load(Candidate candidate) {
        ModelEnvelope envelope = candidate.envelope();
        try {
            return Optional.of(loading.load(envelope, pipeline));
        } catch (ModelRejectedException e) {
            refuse(envelope.getVersion(), candidate.origin(), e.getMessage());
        } catch (RuntimeException e) {
            // A loader bug must not stop the follower; the model is simply not servable.
            LOG.error("Loading model version {} from {} failed unexpectedly", envelope.getVersion(), candidate.origin(), e);
            refuse(envelope.getVersion(), candidate.origin(), "loading failed: " + e);
        }
        return Optional.empty();
    }

    private void install(ScoringModel model, Candidate candidate) {
        Optional<ScoringModel> previous = current.install(model);
        if (candidate.decision().basis() != Basis.HISTORY) {
            servedOffset = candidate.offset();
            policy.served(model.version(), candidate.offset());
        }
        Decision.Serve decision = candidate.decision();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", model.version());
        attributes.put("instance", instanceId);
        attributes.put("algorithm", model.envelope().getAlgorithm());
        previous.ifPresent(p -> attributes.put("previousVersion", p.version()));
        attributes.put("basis", decision.basis().key());
        decision.operator().ifPresent(operator -> attributes.put("operator", operator));
        LOG.info("Serving model version {} of pipeline {} ({}; {}; previously {})", model.version(), pipeline, candidate.origin(),
                describe(decision), previous.map(p -> "version " + p.version()).orElse("no model"));
        StreamtrainMeters.modelVersion(pipeline, instanceId).set(model.version());
        sink.publish(events.event(EventType.MODEL_LOADED,
                "scorer " + instanceId + " serves model version " + model.version() + " (" + describe(decision) + ")", attributes));
    }

    private void refuse(Long version, String origin, String reason) {
        Optional<ScoringModel> serving = current.current();
        LOG.warn("Refused model {} of pipeline {} from {}: {}. Still serving {}",
                version == null ? "(not decoded)" : "version " + version, pipeline, origin, reason,
                serving.map(m -> "version " + m.version()).orElse("no model"));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", version == null ? "unknown" : version);
        attributes.put("instance", instanceId);
        attributes.put("reason", reason);
        attributes.put("servingVersion", serving.map(m -> (Object) m.version()).orElse("none"));
        sink.publish(events.event(EventType.MODEL_REFUSED,
                "scorer " + instanceId + " refused model " + (version == null ? "(not decoded)" : "version " + version) + ": " + reason,
                attributes));
    }

    private static String describe(Decision.Serve decision) {
        return switch (decision.basis()) {
            case PROMOTED -> "promoted";
            case ROLLBACK -> "rolled back to by " + decision.operator().orElse("an operator");
            case HISTORY -> "the newest servable version of the model history";
        };
    }

    private static String origin(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
