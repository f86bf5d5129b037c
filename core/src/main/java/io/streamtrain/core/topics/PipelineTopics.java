package io.streamtrain.core.topics;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The names of one pipeline's topics, one per {@link TopicRole}, and the specs streamtrain creates them with.
 *
 * <p>Defaults are {@code <pipeline>.<role>} ({@code churn.records}, {@code churn.dlq}, ...); every name can be
 * overridden in the pipeline configuration ({@code topics.<role>}). The accessors name the roles that code reads
 * most; {@link #name(TopicRole)} reads any.
 *
 * @param names the topic of every role
 */
public record PipelineTopics(Map<TopicRole, String> names) {

    /** Largest record the input and score-request topics accept; oversized records are dead-lettered below it. */
    public static final int INPUT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Largest message on the dead-letter topic: the largest input record plus room for the error headers. */
    public static final int DEAD_LETTER_MAX_MESSAGE_BYTES = INPUT_MAX_MESSAGE_BYTES + 64 * 1024;
    /** Largest message on the batch topic; every chunk is kept well under it. */
    public static final int BATCH_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Largest model envelope the model topics accept. */
    public static final int MODEL_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    /** @throws NullPointerException naming the first role without a topic */
    public PipelineTopics {
        Map<TopicRole, String> copy = new EnumMap<>(TopicRole.class);
        for (TopicRole role : TopicRole.values()) {
            copy.put(role, Objects.requireNonNull(names.get(role), role.key()));
        }
        names = Collections.unmodifiableMap(copy);
    }

    /** The default topic names of a pipeline: {@code <pipeline>.<role>}. */
    public static PipelineTopics defaultsFor(String pipeline) {
        return new PipelineTopics(Arrays.stream(TopicRole.values())
                .collect(Collectors.toMap(role -> role, role -> pipeline + "." + role.key())));
    }

    /** The topic of {@code role}. */
    public String name(TopicRole role) {
        return names.get(role);
    }

    public String records() {
        return name(TopicRole.RECORDS);
    }

    public String deadLetters() {
        return name(TopicRole.DEAD_LETTERS);
    }

    public String batches() {
        return name(TopicRole.BATCHES);
    }

    public String models() {
        return name(TopicRole.MODELS);
    }

    public String modelHistory() {
        return name(TopicRole.MODEL_HISTORY);
    }

    public String events() {
        return name(TopicRole.EVENTS);
    }

    public String scoreRequests() {
        return name(TopicRole.SCORE_REQUESTS);
    }

    public String predictions() {
        return name(TopicRole.PREDICTIONS);
    }

    public String control() {
        return name(TopicRole.CONTROL);
    }

    /** Predictions of the model on trial that do not answer requests (scorer README, "Trying a model on live traffic"). */
    public String shadowPredictions() {
        return name(TopicRole.SHADOW_PREDICTIONS);
    }

    /**
     * Every topic of the pipeline, in role order, with the partitions and configs of its role.
     *
     * @param inputPartitions partitions of the topics that carry records, score requests and predictions
     */
    public List<TopicSpec> specs(int inputPartitions) {
        return names.entrySet().stream()
                .map(topic -> new TopicSpec(topic.getValue(), topic.getKey().partitions(inputPartitions), topic.getKey().configs()))
                .toList();
    }
}
