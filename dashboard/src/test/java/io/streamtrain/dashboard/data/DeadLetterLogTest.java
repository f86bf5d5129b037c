package io.streamtrain.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterLogTest {

    private static final long MINUTE = 60_000;

    @Test
    void shouldCountByReasonPerMinuteAndDropMinutesOlderThanTheSpan() {
        DeadLetterLog log = new DeadLetterLog(3, Duration.ofMinutes(10));
        log.add(letter(0, "a"));
        log.add(letter(10_000, "b"));
        log.add(letter(30_000, "a"));
        log.add(letter(5 * MINUTE, "a"));
        log.add(letter(12 * MINUTE + 1, "b"));

        DeadLetterLog.Summary summary = log.summary();

        assertThat(summary.perMinute()).extracting(DeadLetterLog.MinuteCounts::at).containsExactly(5 * MINUTE, 12 * MINUTE);
        assertThat(summary.perMinute().getFirst().counts()).isEqualTo(Map.of("a", 1L));
        assertThat(summary.totals()).isEqualTo(Map.of("a", 3L, "b", 2L));
        assertThat(summary.newest()).extracting(DeadLetterView::time).containsExactly(12 * MINUTE + 1, 5 * MINUTE, 30_000L);
    }

    @Test
    void shouldCountReasonsBeyondTheKeptNamesAsOther() {
        DeadLetterLog log = new DeadLetterLog(1, Duration.ofHours(1));
        for (int reason = 0; reason < DeadLetterLog.REASONS_KEPT + 5; reason++) {
            log.add(letter(reason, "reason-" + reason));
        }

        assertThat(log.summary().totals()).hasSize(DeadLetterLog.REASONS_KEPT + 1).containsEntry(DeadLetterLog.OTHER, 5L);
        assertThat(log.summary().newest()).hasSize(1);
    }

    @Test
    void shouldPreviewTextEscapedAndCutAndOtherBytesAsHex() {
        assertThat(DeadLetterView.preview("a\tb".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\\u0009b");
        assertThat(DeadLetterView.preview("x".repeat(1_000).getBytes(StandardCharsets.UTF_8)))
                .hasSize(DeadLetterView.PREVIEW_CHARS + 1).endsWith("x…");
        assertThat(DeadLetterView.preview(new byte[] {(byte) 0xC3, 0x01, (byte) 0xFF})).isEqualTo("hex:c3 01 ff");
        assertThat(DeadLetterView.preview(null)).isEqualTo("(null)");
        assertThat(DeadLetterView.of(1, 0, 0, new RecordHeaders(), new byte[0]))
                .satisfies(view -> {
                    assertThat(view.reason()).isEqualTo("unknown");
                    assertThat(view.sourceOffset()).isEqualTo(-1);
                });
    }

    private static DeadLetterView letter(long time, String reason) {
        return new DeadLetterView(time, reason, "", "streams-app", "p.records", 0, time, 0, time, 2, "{}");
    }
}
