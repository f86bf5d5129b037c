package io.streamtrain.launcher.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class BackfillRangeTest {

    private static final Instant FROM = Instant.parse("2026-11-24T05:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T06:00:00Z");

    @Test
    void shouldSpanFromTheFirstRecordAtFromToTheFirstRecordAtToWhenBothAreGiven() {
        BackfillRange range = BackfillRange.locate("p.records", FROM, Optional.of(TO), Map.of(0, 10L, 1, 4L), Map.of(0, 25L, 1, 9L),
                Map.of(0, 40L, 1, 12L));

        assertThat(range.startOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 10L, 1, 4L));
        assertThat(range.endOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 25L, 1, 9L));
        assertThat(range.records()).isEqualTo(20);
        assertThat(range.describe()).isEqualTo("p.records 0:[10,25) 1:[4,9)");
    }

    @Test
    void shouldEndAtTheLogEndWhenToIsAbsentOrNoRecordIsAtOrAfterIt() {
        BackfillRange open = BackfillRange.locate("p.records", FROM, Optional.empty(), Map.of(0, 10L), Map.of(), Map.of(0, 40L));
        BackfillRange pastTheEnd = BackfillRange.locate("p.records", FROM, Optional.of(TO), Map.of(0, 10L), Map.of(), Map.of(0, 40L));

        assertThat(open.endOffsets()).containsEntry(0, 40L);
        assertThat(pastTheEnd.endOffsets()).containsEntry(0, 40L);
    }

    @Test
    void shouldLeaveAPartitionEmptyWhenNoneOfItsRecordsIsAtOrAfterFrom() {
        BackfillRange range = BackfillRange.locate("p.records", FROM, Optional.empty(), Map.of(0, 10L), Map.of(), Map.of(0, 40L, 1, 7L));

        assertThat(range.startOffsets()).containsEntry(1, 7L);
        assertThat(range.endOffsets()).containsEntry(1, 7L);
        assertThat(range.records()).isEqualTo(30);
    }

    @Test
    void shouldRefuseFromNotBeforeTo() {
        assertThatThrownBy(() -> BackfillRange.locate("p.records", TO, Optional.of(FROM), Map.of(0, 1L), Map.of(0, 2L), Map.of(0, 5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from 2026-11-24T06:00:00Z must be before --to 2026-11-24T05:00:00Z");
        assertThatThrownBy(() -> BackfillRange.locate("p.records", FROM, Optional.of(FROM), Map.of(0, 1L), Map.of(0, 1L), Map.of(0, 5L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before --to");
    }

    @Test
    void shouldRefuseFromBeyondTheEndOfTheTopic() {
        assertThatThrownBy(() -> BackfillRange.locate("p.records", FROM, Optional.empty(), Map.of(), Map.of(), Map.of(0, 5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from 2026-11-24T05:00:00Z is beyond the end of p.records: no record there has a timestamp at or after it");
    }

    @Test
    void shouldRefuseARangeWithoutRecords() {
        assertThatThrownBy(() -> BackfillRange.locate("p.records", FROM, Optional.of(TO), Map.of(0, 3L), Map.of(0, 3L), Map.of(0, 5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no record of p.records has a timestamp in [2026-11-24T05:00:00Z, 2026-11-24T06:00:00Z)");
    }

    @Test
    void shouldNameTheUnknownPipelineWhenItsInputTopicDoesNotExist() {
        try (MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name())) {
            consumer.updatePartitions("other.records", List.of(new PartitionInfo("other.records", 0, null, null, null)));

            assertThatThrownBy(() -> RangeLocator.locate(consumer, "nope", "nope.records", FROM, Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown pipeline nope: its input topic nope.records does not exist");
        }
    }
}
