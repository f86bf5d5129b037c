package io.streamtrain.core.topics;

import java.util.HashMap;
import java.util.Map;

/**
 * The topics of a pipeline, defined once: each role's key (the default name's suffix and the {@code topics.<role>}
 * override), what it carries, whether it has as many partitions as the input, and the configs streamtrain creates it
 * with. Roles have different cleanup policies and formats, so two roles never share a topic.
 */
public enum TopicRole {

    /** Input records; partitioned like the input, so intake grows with partitions. */
    RECORDS("records", "input records", true, Configs.deleteAfter(Configs.WEEK_MS, PipelineTopics.INPUT_MAX_MESSAGE_BYTES)),
    /** Records that could not be used, with the reason in headers. */
    DEAD_LETTERS("dlq", "dead letters", false, Configs.deleteAfter(Configs.TWO_WEEKS_MS, PipelineTopics.DEAD_LETTER_MAX_MESSAGE_BYTES)),
    /** Closed windows' chunks and part manifests, for the trainer. */
    BATCHES("batches", "batches", false, Configs.compressed(Configs.deleteAfter(Configs.WEEK_MS, PipelineTopics.BATCH_MAX_MESSAGE_BYTES))),
    /** The current model (compacted, keyed by pipeline). */
    MODELS("models", "current model", false, Configs.compressed(Map.of(
            "cleanup.policy", "compact",
            "min.cleanable.dirty.ratio", "0.1",
            "max.message.bytes", String.valueOf(PipelineTopics.MODEL_MAX_MESSAGE_BYTES)))),
    /** Every model version, kept forever for audit and rollback. */
    MODEL_HISTORY("model-history", "model history", false, Configs.compressed(Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "max.message.bytes", String.valueOf(PipelineTopics.MODEL_MAX_MESSAGE_BYTES)))),
    /** What every stage reports, for the dashboard. */
    EVENTS("events", "events", false, Configs.deleteAfter(Configs.WEEK_MS)),
    /** Records to score; partitioned like the input. */
    SCORE_REQUESTS("score-requests", "score requests", true, Configs.deleteAfter(Configs.WEEK_MS, PipelineTopics.INPUT_MAX_MESSAGE_BYTES)),
    /** Predictions; partitioned like the input. */
    PREDICTIONS("predictions", "predictions", true, Configs.deleteAfter(Configs.WEEK_MS)),
    /** Requests to the streams-app (today: close the open window early so a retrain starts, sent by the scorer on drift). */
    CONTROL("control", "control", false, Configs.deleteAfter(Configs.WEEK_MS)),
    /**
     * A challenger's predictions while it is tried beside the champion (and the champion's on canary requests), in the
     * predictions' format; partitioned like the input, as the predictions are.
     */
    SHADOW_PREDICTIONS("shadow-predictions", "shadow predictions", true, Configs.deleteAfter(Configs.WEEK_MS));

    private final String key;
    private final String description;
    private final boolean partitionedLikeInput;
    private final Map<String, String> configs;

    TopicRole(String key, String description, boolean partitionedLikeInput, Map<String, String> configs) {
        this.key = key;
        this.description = description;
        this.partitionedLikeInput = partitionedLikeInput;
        this.configs = configs;
    }

    /** The role's key: the suffix of its default name {@code <pipeline>.<key>} and of its override {@code topics.<key>}. */
    public String key() {
        return key;
    }

    /** What the topic carries, in a few words, as {@code topics list} prints it. */
    public String description() {
        return description;
    }

    /**
     * The topic's partitions: {@code inputPartitions} for the topics that carry records, requests or predictions, one
     * for those that need a total order.
     */
    public int partitions(int inputPartitions) {
        return partitionedLikeInput ? inputPartitions : 1;
    }

    /** The topic-level configs it is created with, {@code cleanup.policy} always among them. */
    public Map<String, String> configs() {
        return configs;
    }

    /** Topic configs shared by several roles; a class of its own because an enum's constructors cannot read its static fields. */
    private static final class Configs {
        static final String WEEK_MS = String.valueOf(7L * 24 * 60 * 60 * 1000);
        static final String TWO_WEEKS_MS = String.valueOf(14L * 24 * 60 * 60 * 1000);

        /** Records deleted after {@code retentionMs}, messages of the broker's default size at most. */
        static Map<String, String> deleteAfter(String retentionMs) {
            return Map.of("cleanup.policy", "delete", "retention.ms", retentionMs);
        }

        /** Records deleted after {@code retentionMs}, messages of {@code maxMessageBytes} at most. */
        static Map<String, String> deleteAfter(String retentionMs, int maxMessageBytes) {
            Map<String, String> configs = new HashMap<>(deleteAfter(retentionMs));
            configs.put("max.message.bytes", String.valueOf(maxMessageBytes));
            return Map.copyOf(configs);
        }

        /** {@code configs} stored as the producer compressed them (the large envelopes and chunks are compressed once). */
        static Map<String, String> compressed(Map<String, String> configs) {
            Map<String, String> withCompression = new HashMap<>(configs);
            withCompression.put("compression.type", "producer");
            return Map.copyOf(withCompression);
        }
    }
}
