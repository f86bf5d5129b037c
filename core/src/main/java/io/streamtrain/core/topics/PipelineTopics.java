package io.streamtrain.core.topics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The names of one pipeline's topics, and the configs streamtrain creates them with.
 *
 * <p>Defaults are {@code <pipeline>.records}, {@code <pipeline>.dlq}, {@code <pipeline>.batches},
 * {@code <pipeline>.models}, {@code <pipeline>.model-history}, {@code <pipeline>.events},
 * {@code <pipeline>.score-requests}, {@code <pipeline>.predictions} and {@code <pipeline>.control}; every name
 * can be overridden in the pipeline configuration. The control topic carries requests to the streams-app
 * (today: close the open window early so a retrain starts, sent by the scorer when it detects drift).
 */
public record PipelineTopics(
        String records,
        String deadLetters,
        String batches,
        String models,
        String modelHistory,
        String events,
        String scoreRequests,
        String predictions,
        String control) {

    /** Largest record the input and score-request topics accept; oversized records are dead-lettered below it. */
    public static final int INPUT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Largest message on the dead-letter topic: the largest input record plus room for the error headers. */
    public static final int DEAD_LETTER_MAX_MESSAGE_BYTES = INPUT_MAX_MESSAGE_BYTES + 64 * 1024;
    /** Largest message on the batch topic; every chunk is kept well under it. */
    public static final int BATCH_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Largest model envelope the model topics accept. */
    public static final int MODEL_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private static final String WEEK_MS = String.valueOf(7L * 24 * 60 * 60 * 1000);
    private static final String TWO_WEEKS_MS = String.valueOf(14L * 24 * 60 * 60 * 1000);

    public PipelineTopics {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(modelHistory, "modelHistory");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(scoreRequests, "scoreRequests");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(control, "control");
    }

    /** The default topic names of a pipeline. */
    public static PipelineTopics defaultsFor(String pipeline) {
        return new PipelineTopics(
                pipeline + ".records",
                pipeline + ".dlq",
                pipeline + ".batches",
                pipeline + ".models",
                pipeline + ".model-history",
                pipeline + ".events",
                pipeline + ".score-requests",
                pipeline + ".predictions",
                pipeline + ".control");
    }

    /**
     * Every topic of the pipeline with the configs it is created with.
     *
     * @param inputPartitions   partitions of the input and score-request/prediction topics
     */
    public List<TopicSpec> specs(int inputPartitions) {
        return List.of(
                new TopicSpec(records, inputPartitions, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", WEEK_MS,
                        "max.message.bytes", String.valueOf(INPUT_MAX_MESSAGE_BYTES))),
                new TopicSpec(deadLetters, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", TWO_WEEKS_MS,
                        "max.message.bytes", String.valueOf(DEAD_LETTER_MAX_MESSAGE_BYTES))),
                new TopicSpec(batches, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", WEEK_MS,
                        "max.message.bytes", String.valueOf(BATCH_MAX_MESSAGE_BYTES),
                        "compression.type", "producer")),
                new TopicSpec(models, 1, Map.of(
                        "cleanup.policy", "compact",
                        "min.cleanable.dirty.ratio", "0.1",
                        "max.message.bytes", String.valueOf(MODEL_MAX_MESSAGE_BYTES),
                        "compression.type", "producer")),
                new TopicSpec(modelHistory, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", "-1",
                        "retention.bytes", "-1",
                        "max.message.bytes", String.valueOf(MODEL_MAX_MESSAGE_BYTES),
                        "compression.type", "producer")),
                new TopicSpec(events, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", WEEK_MS)),
                new TopicSpec(scoreRequests, inputPartitions, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", WEEK_MS,
                        "max.message.bytes", String.valueOf(INPUT_MAX_MESSAGE_BYTES))),
                new TopicSpec(predictions, inputPartitions, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", WEEK_MS)),
                new TopicSpec(control, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", WEEK_MS)));
    }
}
