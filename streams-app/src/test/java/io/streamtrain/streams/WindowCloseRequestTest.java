package io.streamtrain.streams;

import static io.streamtrain.streams.TopologyHarness.PIPELINE;
import static io.streamtrain.streams.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.TopologyHarness.Batch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowCloseRequestTest {

    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    @TempDir
    Path stateDir;

    @Test
    void shouldCloseOpenWindowEarlyAndSayWhyWhenRetrainIsRequested() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);
            harness.pipeValid(2, T0 + 2_000);

            harness.pipeControl(request(PIPELINE, EventType.RETRAIN_REQUESTED));

            List<Batch> batches = harness.batches();
            assertThat(batches).singleElement().satisfies(batch -> {
                assertThat(batch.recordIds()).containsExactly("r1", "r2");
                assertThat(batch.manifest().getCloseReason()).isEqualTo(WindowCloseReason.REQUESTED);
            });
            assertThat(harness.events()).singleElement().satisfies(event -> {
                assertThat(event.getType()).isEqualTo(EventType.WINDOW_CLOSED);
                assertThat(event.getMessage()).endsWith("; Feature monthlySpend drifted");
                assertThat(event.getAttributes()).containsEntry("reason", "REQUESTED")
                        .containsEntry("requestedBy", "scorer-1").containsEntry("requestReason", "Feature monthlySpend drifted");
            });
            harness.pipeValid(3, T0 + 3_000);
            harness.pipeControl(request(PIPELINE, EventType.RETRAIN_REQUESTED));
            assertThat(harness.batches()).extracting(Batch::recordIds).containsExactly(List.of("r3"));
        }
    }

    @Test
    void shouldIgnoreOtherEventsForeignPipelinesAndUnreadableControlMessages() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeValid(1, T0 + 1_000);

            harness.pipeControl("not an event".getBytes(StandardCharsets.UTF_8));
            harness.pipeControl(request(PIPELINE, EventType.DRIFT_REPORT));
            harness.pipeControl(request("other", EventType.RETRAIN_REQUESTED));
            harness.pipeValid(2, T0 + 2_000);

            assertThat(harness.batches()).isEmpty();
            assertThat(harness.deadLetters()).isEmpty();
            harness.pipeControl(request(PIPELINE, EventType.RETRAIN_REQUESTED));
            assertThat(harness.batches()).extracting(Batch::recordIds).containsExactly(List.of("r1", "r2"));
        }
    }

    @Test
    void shouldDoNothingWhenRetrainIsRequestedWithoutAnOpenWindow() {
        try (TopologyHarness harness = new TopologyHarness(stateDir)) {
            harness.pipeControl(request(PIPELINE, EventType.RETRAIN_REQUESTED));

            assertThat(harness.batches()).isEmpty();
            assertThat(harness.events()).isEmpty();
        }
    }

    private static byte[] request(String pipeline, EventType type) {
        return EVENTS.encode(new PipelineEvents(pipeline, "scorer-1").event(type, "Feature monthlySpend drifted", Map.of("feature", "monthlySpend")));
    }
}
