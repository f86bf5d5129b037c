package io.streamtrain.launcher.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeArgumentTest {

    @Test
    void shouldReadAnIso8601Instant() {
        assertThat(TimeArgument.parse("2026-11-24T05:00:00Z")).isEqualTo(Instant.parse("2026-11-24T05:00:00Z"));
        assertThat(TimeArgument.parse("2026-11-24T05:00:00.250Z")).isEqualTo(Instant.ofEpochMilli(1_795_496_400_250L));
    }

    @Test
    void shouldReadEpochMilliseconds() {
        assertThat(TimeArgument.parse("1795496400000")).isEqualTo(Instant.parse("2026-11-24T05:00:00Z"));
        assertThat(TimeArgument.parse("0")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void shouldNameBothFormsWhenTheValueIsNeither() {
        assertThatThrownBy(() -> TimeArgument.parse("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'yesterday' is neither an ISO-8601 instant").hasMessageContaining("nor epoch milliseconds");
        assertThatThrownBy(() -> TimeArgument.parse("2026-11-24")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> TimeArgument.parse("-5")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> TimeArgument.parse("99999999999999999999")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("too large");
    }
}
