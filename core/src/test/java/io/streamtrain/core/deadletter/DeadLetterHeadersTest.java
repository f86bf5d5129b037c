package io.streamtrain.core.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void shouldCarryReasonAndSourceWhenRecordIsAnnotated() {
        Headers headers = DeadLetterHeaders.annotate(new RecordHeaders(), DeadLetterReason.MISSING_LABEL,
                "field label is missing", "streams-app", "churn.records", 2, 1_234L);

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)).isEqualTo("missing-label");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.DETAIL)).isEqualTo("field label is missing");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SERVICE)).isEqualTo("streams-app");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("churn.records");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1234");
    }

    @Test
    void shouldKeepOriginalHeadersWhenAnnotating() {
        Headers headers = new RecordHeaders().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));

        DeadLetterHeaders.annotate(headers, DeadLetterReason.LATE, "late", "streams-app", "churn.records", 0, 0L);

        assertThat(DeadLetterHeaders.read(headers, "traceparent")).isEqualTo("00-abc");
    }

    @Test
    void shouldCutDetailWhenLongerThanLimit() {
        char[] detail = new char[DeadLetterHeaders.MAX_DETAIL_CHARS + 500];
        Arrays.fill(detail, 'x');

        Headers headers = DeadLetterHeaders.annotate(new RecordHeaders(), DeadLetterReason.INVALID, new String(detail),
                "streams-app", "churn.records", 0, 0L);

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.DETAIL))
                .hasSize(DeadLetterHeaders.MAX_DETAIL_CHARS + 3)
                .endsWith("x...");
    }

    @Test
    void shouldWriteEmptyDetailWhenDetailIsNull() {
        Headers headers = DeadLetterHeaders.annotate(new RecordHeaders(), DeadLetterReason.UNDECODABLE, null,
                "scorer-1", "churn.score-requests", 0, 7L);

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.DETAIL)).isEmpty();
    }

    @Test
    void shouldReadLastValueWhenHeaderRepeats() {
        Headers headers = new RecordHeaders()
                .add(DeadLetterHeaders.REASON, "invalid".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.REASON, "late".getBytes(StandardCharsets.UTF_8));

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)).isEqualTo("late");
    }

    @Test
    void shouldReadNullWhenHeaderIsAbsentOrEmpty() {
        Headers headers = new RecordHeaders().add(DeadLetterHeaders.SERVICE, null);

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)).isNull();
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SERVICE)).isNull();
    }

    @Test
    void shouldUseDistinctLowerCaseCodesWhenReasonsAreListed() {
        assertThat(Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::code))
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[a-z-]+"));
        assertThat(DeadLetterReason.NO_FEATURES.code()).isEqualTo("no-features");
    }
}
