package io.streamtrain.trainer;

import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.batch.AssemblyResult;
import io.streamtrain.trainer.transientmode.TransientOutputs;
import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.ml.trial.PairedOutcomes;
import io.streamtrain.ml.trial.PairedTestResult;
import io.streamtrain.trainer.trial.AnnouncedTrial;
import io.streamtrain.trainer.trial.DecidedTrial;
import io.streamtrain.trainer.trial.TrialProgress;
import io.streamtrain.ml.trial.ClassificationOutcomes;
import io.streamtrain.ml.trial.RegressionOutcomes;
import io.streamtrain.ml.trial.TrialVerdict;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * The trainer's events. Attributes are strings; times are epoch milliseconds; {@code batchPartition} and
 * {@code batchOffset} locate the message on the batches topic that decided the outcome.
 */
final class TrainerEvents {

    private final PipelineEvents events;

    TrainerEvents(PipelineEvents events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * MODEL_PUBLISHED, MODEL_REJECTED, MODEL_HELD, MODEL_BACKFILLED or TRIAL_STARTED, by the envelope's promotion status: version, batch, window,
     * counts, training time, every test-split metric as {@code metric.<name>} and the gate's decision
     * ({@code status}, {@code gateMetric}, {@code challengerScore}, {@code championScore}, {@code championVersion},
     * {@code reason}).
     */
    PipelineEvent published(ModelEnvelope envelope, AssembledBatch batch, TopicPartition partition) {
        Lineage lineage = envelope.getLineage();
        PromotionDecision decision = envelope.getPromotion();
        PromotionStatus status = decision == null ? PromotionStatus.PROMOTED : decision.getStatus();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", envelope.getVersion());
        putTraining(attributes, envelope, batch);
        attributes.put("batchPartition", partition.partition());
        attributes.put("batchOffset", batch.manifestOffset());
        attributes.put("status", status);
        if (lineage.getBackfill() != null) {
            attributes.put("backfillRun", lineage.getBackfill().getRunId());
        }
        if (decision != null) {
            attributes.put("gateMetric", decision.getMetric());
            attributes.put("challengerScore", Objects.toString(decision.getChallengerScore(), "none"));
            attributes.put("championScore", Objects.toString(decision.getChampionScore(), "none"));
            attributes.put("championVersion", Objects.toString(decision.getChampionVersion(), "none"));
            attributes.put("reason", decision.getReason());
        }
        String what = switch (status) {
            case PROMOTED -> "Published model version ";
            case REJECTED -> "Rejected model version ";
            case HELD -> "Held back model version ";
            case BACKFILL -> "Recorded backfill model version ";
            case TRIAL -> "Put on trial model version ";
        };
        String why = decision == null || decision.getReason().isEmpty() ? "" : " [" + decision.getReason() + "]";
        return events.event(typeOf(status), what + envelope.getVersion()
                + " trained on batch " + batch.batchId() + " (" + lineage.getRecordCount() + " records) in "
                + envelope.getTrainingMillis() + " ms; " + readable(envelope.getMetrics()) + why, attributes);
    }

    private static EventType typeOf(PromotionStatus status) {
        return switch (status) {
            case PROMOTED -> EventType.MODEL_PUBLISHED;
            case REJECTED -> EventType.MODEL_REJECTED;
            case HELD -> EventType.MODEL_HELD;
            case BACKFILL -> EventType.MODEL_BACKFILLED;
            case TRIAL -> EventType.TRIAL_STARTED;
        };
    }

    /**
     * TRIAL_DECIDED: {@code decision} (PROMOTE, DROP, ROLLBACK or TIMED_OUT), {@code strategy}, {@code championVersion},
     * {@code challengerVersion}, {@code outcomes} (labelled requests scored by both), both live scores
     * ({@code championScore}, {@code challengerScore}: accuracy, or RMSE for regression), McNemar's discordant counts
     * {@code championOnlyRight} and {@code challengerOnlyRight} (classification) or {@code meanDifference} of squared
     * errors (regression), {@code test}, {@code statistic}, {@code pValue}, {@code evicted}, {@code unusable}, {@code unreadable},
     * {@code startedAt}, {@code reason} and, for a trial an operator ended early, {@code operator}, {@code operatorReason}
     * and {@code operatorAskedAt}.
     */
    PipelineEvent trialDecided(DecidedTrial decided) {
        TrialVerdict verdict = decided.verdict();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("decision", verdict.decision());
        attributes.put("strategy", decided.strategy().key());
        attributes.put("championVersion", decided.trial().championVersion());
        attributes.put("challengerVersion", decided.trial().challengerVersion());
        attributes.put("outcomes", verdict.outcomes().outcomes());
        attributes.put("championScore", verdict.outcomes().championScore());
        attributes.put("challengerScore", verdict.outcomes().challengerScore());
        putTest(attributes, verdict.outcomes(), verdict.test());
        attributes.put("evicted", decided.evicted());
        attributes.put("unusable", decided.unusable());
        attributes.put("unreadable", decided.unreadable());
        attributes.put("startedAt", decided.trial().startedAt().toEpochMilli());
        decided.operatorEnd().ifPresent(end -> {
            attributes.put("operator", end.getOperator());
            attributes.put("operatorReason", end.getReason());
            attributes.put("operatorAskedAt", end.getTime().toEpochMilli());
        });
        attributes.put("reason", verdict.reason());
        return events.event(EventType.TRIAL_DECIDED, "Trial of model version " + decided.trial().challengerVersion()
                + " against version " + decided.trial().championVersion() + ": " + verdict.reason(), attributes);
    }

    /**
     * TRIAL_PROGRESS: a running trial's {@code strategy}, {@code canaryShare} (canary only), {@code championVersion},
     * {@code challengerVersion}, {@code outcomes} so far of {@code minLabels}, both live scores (absent before the first
     * outcome), McNemar's discordant counts or the {@code meanDifference}, {@code test}, {@code statistic}, {@code pValue},
     * {@code startedAt} and {@code endsBy} (when it times out).
     */
    PipelineEvent trialProgress(TrialProgress progress) {
        AnnouncedTrial trial = progress.trial();
        PairedOutcomes outcomes = progress.outcomes();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("strategy", progress.deploy().strategy().key());
        if (progress.deploy().strategy() == DeployStrategy.CANARY) {
            attributes.put("canaryShare", progress.deploy().canaryShare());
        }
        attributes.put("championVersion", trial.championVersion());
        attributes.put("challengerVersion", trial.challengerVersion());
        attributes.put("outcomes", outcomes.outcomes());
        attributes.put("minLabels", progress.deploy().minLabels());
        if (outcomes.outcomes() > 0) {
            attributes.put("championScore", outcomes.championScore());
            attributes.put("challengerScore", outcomes.challengerScore());
        }
        putTest(attributes, outcomes, outcomes.challengerWorse());
        attributes.put("startedAt", trial.startedAt().toEpochMilli());
        attributes.put("endsBy", progress.endsBy().toEpochMilli());
        return events.event(EventType.TRIAL_PROGRESS, "Trial of model version " + trial.challengerVersion() + " against version "
                + trial.championVersion() + ": " + outcomes.outcomes() + " of " + progress.deploy().minLabels() + " labelled requests", attributes);
    }

    /**
     * What a trial's paired test saw, as TRIAL_PROGRESS and TRIAL_DECIDED both report it: McNemar's discordant counts
     * (classification) or the mean difference of squared errors (regression), then the test, its statistic and p-value.
     */
    private static void putTest(Map<String, Object> attributes, PairedOutcomes outcomes, PairedTestResult test) {
        switch (outcomes) {
            case ClassificationOutcomes table -> {
                attributes.put("championOnlyRight", table.championOnlyRight());
                attributes.put("challengerOnlyRight", table.challengerOnlyRight());
            }
            case RegressionOutcomes differences -> attributes.put("meanDifference", differences.meanDifference());
        }
        attributes.put("test", test.test());
        attributes.put("statistic", test.statistic());
        attributes.put("pValue", test.pValue());
    }

    /**
     * The headline metrics sorted by name with three decimals, for a message a person reads; per-class scores
     * ({@code f1.<class>} and the like) stay in the attributes only.
     */
    private static String readable(Map<String, Double> metrics) {
        return new TreeMap<>(metrics).entrySet().stream()
                .filter(metric -> metric.getKey().indexOf('.') < 0)
                .map(metric -> String.format(Locale.ROOT, "%s %.3f", metric.getKey(), metric.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * MODEL_TRAINED with {@code mode=transient} for a window's throw-away model: batch, window, counts, training time,
     * every test-split metric as {@code metric.<name>}, and what it scored ({@code predictions}, {@code unscored}).
     */
    PipelineEvent transientTrained(ModelEnvelope envelope, AssembledBatch batch, TopicPartition partition,
                                   TransientOutputs.Scored scored) {
        Lineage lineage = envelope.getLineage();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("mode", PipelineMode.TRANSIENT.key());
        putTraining(attributes, envelope, batch);
        attributes.put("predictions", scored.predictions());
        attributes.put("unscored", scored.unscored());
        attributes.put("batchPartition", partition.partition());
        attributes.put("batchOffset", batch.manifestOffset());
        if (!scored.problem().isEmpty()) {
            attributes.put("reason", scored.problem());
        }
        return events.event(EventType.MODEL_TRAINED, "Transient model of batch " + batch.batchId() + " trained on "
                + (lineage.getTrainCount() + lineage.getTestCount()) + " labelled records in "
                + envelope.getTrainingMillis() + " ms scored " + scored.predictions() + " records"
                + (scored.unscored() > 0 ? " (" + scored.unscored() + " unscored, dead-lettered)" : "")
                + "; not stored; " + readable(envelope.getMetrics()), attributes);
    }

    /**
     * BATCH_SKIPPED for a transient window that made no model, with {@code mode=transient} and {@code unscored}: how
     * many of its records went to the dead-letter topic unscored.
     */
    PipelineEvent transientSkipped(AssembledBatch batch, String reason, TopicPartition partition, int unscored) {
        Map<String, Object> attributes = skipAttributes(batch.batchId(), reason, partition, batch.manifestOffset());
        windowOf(batch.manifest(), attributes);
        attributes.put("records", batch.records().size());
        attributes.put("mode", PipelineMode.TRANSIENT.key());
        attributes.put("unscored", unscored);
        return events.event(EventType.BATCH_SKIPPED, "Skipped transient batch " + batch.batchId() + ": " + reason + "; "
                + unscored + " records to score were dead-lettered unscored", attributes);
    }

    /**
     * WINDOW_CLOSED for a window assembled from its input partitions' parts (with one input partition the streams-app
     * writes it): the window's batch id, bounds, records, close reason (of the part that closed first), the input
     * partitions whose parts never arrived ({@code missingInputPartitions}, only when assembled on the bound), and the
     * backfill run.
     */
    PipelineEvent windowClosed(AssembledBatch window, TopicPartition partition) {
        BatchManifest manifest = window.manifest();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("batchId", window.batchId());
        windowOf(manifest, attributes);
        attributes.put("records", window.records().size());
        attributes.put("chunks", manifest.getChunkCount());
        attributes.put("reason", manifest.getCloseReason());
        attributes.put("batchPartition", partition.partition());
        if (!manifest.getMissingPartitions().isEmpty()) {
            attributes.put("missingInputPartitions", manifest.getMissingPartitions().toString());
        }
        if (manifest.getBackfill() != null) {
            attributes.put("backfillRun", manifest.getBackfill().getRunId());
        }
        return events.event(EventType.WINDOW_CLOSED, "Window " + window.batchId() + " closed (" + manifest.getCloseReason()
                + "): " + window.records().size() + " records" + (manifest.getMissingPartitions().isEmpty() ? ""
                : "; no part of input partitions " + manifest.getMissingPartitions() + " arrived in time"), attributes);
    }

    /** BATCH_SKIPPED for a complete batch that made no model. */
    PipelineEvent skipped(AssembledBatch batch, String reason, TopicPartition partition) {
        Map<String, Object> attributes = skipAttributes(batch.batchId(), reason, partition, batch.manifestOffset());
        windowOf(batch.manifest(), attributes);
        attributes.put("records", batch.records().size());
        return events.event(EventType.BATCH_SKIPPED, "Skipped batch " + batch.batchId() + ": " + reason, attributes);
    }

    /** BATCH_SKIPPED for a batch that could not be assembled. */
    PipelineEvent rejected(AssemblyResult.Rejected rejected, TopicPartition partition) {
        Map<String, Object> attributes = skipAttributes(rejected.batchId(), rejected.reason(), partition,
                rejected.offset());
        rejected.manifest().ifPresent(manifest -> windowOf(manifest, attributes));
        attributes.put("records", rejected.recordsHeld());
        return events.event(EventType.BATCH_SKIPPED, "Dropped batch " + rejected.batchId() + ": " + rejected.reason(),
                attributes);
    }

    /** BATCH_SKIPPED for a message that cannot be read and names no batch. */
    PipelineEvent unreadable(String reason, TopicPartition partition, long offset) {
        return events.event(EventType.BATCH_SKIPPED, "Skipped an unreadable message at " + partition + "@" + offset
                + ": " + reason, location(reason, partition, offset));
    }

    PipelineEvent started(String groupId, String transactionalId, long nextVersion) {
        return events.event(EventType.SERVICE_STARTED, "Trainer started; the next model version is " + nextVersion,
                Map.of("groupId", groupId, "transactionalId", transactionalId, "nextVersion", nextVersion));
    }

    PipelineEvent stopped(long latestVersion) {
        return events.event(EventType.SERVICE_STOPPED, "Trainer stopped; the latest model version is " + latestVersion,
                Map.of("latestVersion", latestVersion));
    }

    private static Map<String, Object> skipAttributes(String batchId, String reason, TopicPartition partition,
                                                      long offset) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("batchId", batchId);
        attributes.putAll(location(reason, partition, offset));
        return attributes;
    }

    private static Map<String, Object> location(String reason, TopicPartition partition, long offset) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("reason", reason);
        attributes.put("batchPartition", partition.partition());
        attributes.put("batchOffset", offset);
        return attributes;
    }

    private static void windowOf(BatchManifest manifest, Map<String, Object> attributes) {
        attributes.put("windowStart", manifest.getWindowStart().toEpochMilli());
        attributes.put("windowEnd", manifest.getWindowEnd().toEpochMilli());
    }

    /** What every trained model's event tells: its batch, window, record counts, fit and test-split metrics. */
    private static void putTraining(Map<String, Object> attributes, ModelEnvelope envelope, AssembledBatch batch) {
        Lineage lineage = envelope.getLineage();
        attributes.put("batchId", batch.batchId());
        attributes.put("windowStart", lineage.getWindowStart().toEpochMilli());
        attributes.put("windowEnd", lineage.getWindowEnd().toEpochMilli());
        attributes.put("records", lineage.getRecordCount());
        attributes.put("trainRecords", lineage.getTrainCount());
        attributes.put("testRecords", lineage.getTestCount());
        attributes.put("trainingMillis", envelope.getTrainingMillis());
        attributes.put("algorithm", envelope.getAlgorithm());
        attributes.put("modelBytes", envelope.getModelBytes().remaining());
        envelope.getMetrics().forEach((name, value) -> attributes.put("metric." + name, value));
    }
}
