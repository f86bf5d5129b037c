package io.streamtrain.streams.internal.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePartitionClocksTest {

    @Test
    void shouldUseTheLowestEventTimeOfActivePartitions() {
        SourcePartitionClocks clocks = new SourcePartitionClocks(1_000);

        assertThat(clocks.observe(0, 500, 0)).isTrue();
        assertThat(clocks.observe(1, 100, 0)).isTrue();
        assertThat(clocks.observe(0, 400, 10)).as("out of order within the partition").isFalse();

        assertThat(clocks.watermark(10)).hasValue(100);
    }

    @Test
    void shouldIgnorePartitionsIdleForTheIdleTime() {
        SourcePartitionClocks clocks = new SourcePartitionClocks(1_000);
        clocks.observe(0, 500, 0);
        clocks.observe(1, 100, 0);
        clocks.observe(0, 900, 600);

        assertThat(clocks.watermark(999)).hasValue(100);
        assertThat(clocks.watermark(1_000)).hasValue(900);
        assertThat(clocks.watermark(1_600)).isEmpty();
    }

    @Test
    void shouldCountIdleTimeFromTheFirstRecordAfterStart() {
        SourcePartitionClocks clocks = new SourcePartitionClocks(1_000);
        clocks.expect(2);

        assertThat(clocks.watermark(50_000)).as("nothing flows yet").hasValue(Long.MIN_VALUE);
        clocks.observe(1, 900, 60_000);
        assertThat(clocks.watermark(60_999)).hasValue(Long.MIN_VALUE);
        clocks.observe(1, 950, 61_000);
        assertThat(clocks.watermark(61_000)).hasValue(950);
    }

    @Test
    void shouldHoldWatermarkForExpectedPartitionsUntilTheyDeliverOrIdle() {
        SourcePartitionClocks clocks = new SourcePartitionClocks(1_000);
        clocks.expect(3);
        clocks.observe(0, 500, 10);

        assertThat(clocks.watermark(10)).hasValue(Long.MIN_VALUE);
        clocks.observe(1, 300, 20);
        clocks.observe(2, 400, 30);
        assertThat(clocks.watermark(30)).hasValue(300);
    }

    @Test
    void shouldReleaseExpectedPartitionsThatNeverDeliver() {
        SourcePartitionClocks clocks = new SourcePartitionClocks(1_000);
        clocks.expect(2);
        clocks.observe(0, 500, 900);

        assertThat(clocks.watermark(1_899)).hasValue(Long.MIN_VALUE);
        assertThat(clocks.watermark(1_900)).as("partition 0 too is idle by then").isEmpty();
        clocks.observe(0, 600, 1_950);
        assertThat(clocks.watermark(1_950)).hasValue(600);
    }
}
