package io.streamtrain.core.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PipelineTopicsTest {

    private static final String WEEK_MS = "604800000";
    private static final String MODEL_MAX_BYTES = String.valueOf(64 * 1024 * 1024);

    private final Map<String, TopicSpec> specs = PipelineTopics.defaultsFor("churn").specs(6).stream()
            .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

    @Test
    void shouldPrefixEveryRoleWithPipelineWhenDefaultsAreUsed() {
        PipelineTopics topics = PipelineTopics.defaultsFor("churn");

        assertThat(List.of(topics.records(), topics.deadLetters(), topics.batches(), topics.models(), topics.modelHistory(),
                topics.events(), topics.scoreRequests(), topics.predictions(), topics.control(), topics.shadowPredictions()))
                .containsExactly("churn.records", "churn.dlq", "churn.batches", "churn.models", "churn.model-history",
                        "churn.events", "churn.score-requests", "churn.predictions", "churn.control", "churn.shadow-predictions");
    }

    @Test
    void shouldSpecifyEveryTopicOnceWhenSpecsAreListed() {
        List<TopicSpec> list = PipelineTopics.defaultsFor("churn").specs(6);

        assertThat(list).extracting(TopicSpec::name).containsExactly("churn.records", "churn.dlq", "churn.batches",
                "churn.models", "churn.model-history", "churn.events", "churn.score-requests", "churn.predictions", "churn.control", "churn.shadow-predictions");
        assertThat(list).allSatisfy(spec -> assertThat(spec.configs()).containsKey("cleanup.policy"));
    }

    @Test
    void shouldUseInputPartitionsWhenTopicCarriesRecordsOrPredictions() {
        assertThat(specs.get("churn.records").partitions()).isEqualTo(6);
        assertThat(specs.get("churn.score-requests").partitions()).isEqualTo(6);
        assertThat(specs.get("churn.predictions").partitions()).isEqualTo(6);
        assertThat(specs.get("churn.shadow-predictions").partitions()).isEqualTo(6);
    }

    @Test
    void shouldUseOnePartitionWhenTopicNeedsTotalOrder() {
        for (String name : List.of("churn.dlq", "churn.batches", "churn.models", "churn.model-history", "churn.events")) {
            assertThat(specs.get(name).partitions()).as(name).isEqualTo(1);
        }
    }

    @Test
    void shouldCompactModelsTopicWhenLatestModelIsKept() {
        Map<String, String> models = specs.get("churn.models").configs();

        assertThat(models)
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.cleanable.dirty.ratio", "0.1")
                .containsEntry("max.message.bytes", MODEL_MAX_BYTES)
                .doesNotContainKey("retention.ms");
    }

    @Test
    void shouldKeepModelHistoryForeverWhenTopicIsCreated() {
        assertThat(specs.get("churn.model-history").configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "-1")
                .containsEntry("retention.bytes", "-1")
                .containsEntry("max.message.bytes", MODEL_MAX_BYTES);
    }

    @Test
    void shouldAcceptLargeMessagesWhenTopicCarriesInputOrBatches() {
        assertThat(specs.get("churn.records").configs()).containsEntry("max.message.bytes", String.valueOf(PipelineTopics.INPUT_MAX_MESSAGE_BYTES));
        assertThat(specs.get("churn.score-requests").configs()).containsEntry("max.message.bytes", String.valueOf(PipelineTopics.INPUT_MAX_MESSAGE_BYTES));
        assertThat(specs.get("churn.batches").configs()).containsEntry("max.message.bytes", String.valueOf(PipelineTopics.BATCH_MAX_MESSAGE_BYTES));
    }

    @Test
    void shouldLeaveRoomForErrorHeadersWhenLargestInputRecordIsDeadLettered() {
        int deadLetterMax = Integer.parseInt(specs.get("churn.dlq").configs().get("max.message.bytes"));

        assertThat(deadLetterMax)
                .isEqualTo(PipelineTopics.DEAD_LETTER_MAX_MESSAGE_BYTES)
                .isGreaterThan(PipelineTopics.INPUT_MAX_MESSAGE_BYTES + 4 * 1024);
    }

    @Test
    void shouldExpireWorkTopicsAfterAWeekWhenTopicIsCreated() {
        for (String name : List.of("churn.records", "churn.batches", "churn.events", "churn.score-requests", "churn.predictions")) {
            assertThat(specs.get(name).configs()).as(name)
                    .containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", WEEK_MS);
        }
        assertThat(specs.get("churn.dlq").configs()).containsEntry("retention.ms", String.valueOf(2 * 604_800_000L));
    }

    @Test
    void shouldRefuseNullNameWhenConstructed() {
        Map<TopicRole, String> withoutModels = new HashMap<>(PipelineTopics.defaultsFor("churn").names());
        withoutModels.remove(TopicRole.MODELS);

        assertThatThrownBy(() -> new PipelineTopics(withoutModels))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("models");
    }

    @Test
    void shouldRefuseInvalidSpecWhenConstructed() {
        assertThatThrownBy(() -> new TopicSpec(" ", 1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSpec("churn.records", 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("churn.records");
        assertThatThrownBy(() -> new TopicSpec("churn.records", 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldCopyConfigsWhenSpecIsConstructed() {
        Map<String, String> configs = new HashMap<>(Map.of("cleanup.policy", "delete"));
        TopicSpec spec = new TopicSpec("churn.records", 1, configs);
        configs.put("cleanup.policy", "compact");

        assertThat(spec.configs()).containsEntry("cleanup.policy", "delete");
        assertThatThrownBy(() -> spec.configs().put("retention.ms", "1")).isInstanceOf(UnsupportedOperationException.class);
    }
}
