package io.streamtrain.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PipelineEventsTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.250Z");

    private final PipelineEvents events = new PipelineEvents("churn", "trainer", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldStampPipelineSourceAndTimeWhenEventIsBuilt() {
        PipelineEvent event = events.event(EventType.MODEL_PUBLISHED, "model 3 published", Map.of());

        assertThat(event.getPipeline()).isEqualTo("churn");
        assertThat(event.getSource()).isEqualTo("trainer");
        assertThat(event.getTime()).isEqualTo(NOW);
        assertThat(event.getType()).isEqualTo(EventType.MODEL_PUBLISHED);
        assertThat(event.getMessage()).isEqualTo("model 3 published");
        assertThat(UUID.fromString(event.getEventId())).isNotNull();
    }

    @Test
    void shouldStringifyAttributesInOrderWhenValuesAreTyped() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", 3L);
        attributes.put("accuracy", 0.91);
        attributes.put("windowStart", Instant.parse("2024-05-01T11:59:00Z"));
        attributes.put("reason", null);

        PipelineEvent event = events.event(EventType.MODEL_TRAINED, "trained", attributes);

        assertThat(event.getAttributes()).containsExactly(
                Map.entry("version", "3"),
                Map.entry("accuracy", "0.91"),
                Map.entry("windowStart", "2024-05-01T11:59:00Z"),
                Map.entry("reason", "null"));
    }

    @Test
    void shouldGiveEveryEventItsOwnIdWhenBuiltTwice() {
        PipelineEvent first = events.event(EventType.WINDOW_CLOSED, "closed", Map.of());
        PipelineEvent second = events.event(EventType.WINDOW_CLOSED, "closed", Map.of());

        assertThat(first.getEventId()).isNotEqualTo(second.getEventId());
    }

    @Test
    void shouldEncodeEventWhenSentToEventsTopic() {
        AvroMessageCodec<PipelineEvent> codec = AvroMessageCodec.of(PipelineEvent.class);
        PipelineEvent event = events.event(EventType.BATCH_SKIPPED, "too few records", Map.of("records", 7));

        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void shouldRefuseMissingPartsWhenConstructed() {
        assertThatThrownBy(() -> new PipelineEvents(null, "trainer")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PipelineEvents("churn", null)).isInstanceOf(NullPointerException.class);
        assertThat(new PipelineEvents("churn", "scorer-1").source()).isEqualTo("scorer-1");
    }
}
