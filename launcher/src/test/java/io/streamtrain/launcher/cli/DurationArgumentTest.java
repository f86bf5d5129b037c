package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationArgumentTest {

    @Test
    void shouldReadANumberWithAUnit() {
        assertThat(DurationArgument.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationArgument.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationArgument.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationArgument.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationArgument.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationArgument.parse("0s")).isZero();
    }

    @Test
    void shouldReadIso8601() {
        assertThat(DurationArgument.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationArgument.parse("pt2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldRefuseAnythingElseNamingTheForms() {
        assertThatThrownBy(() -> DurationArgument.parse("5 minutes")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'5 minutes' is not a duration: write it as 500ms, 30s, 5m, 2h, 1d or ISO-8601 (PT30S)");
        assertThatThrownBy(() -> DurationArgument.parse("-PT1S")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void shouldTakeTheShortFormOnEveryCommandAndRefuseAWrongOneWithExitCode2() {
        CliRun wrong = CliRun.of("produce", "--pipeline", "p", "--file", "x.csv", "--dead-letter-wait", "soon");

        assertThat(wrong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err()).contains("'soon' is not a duration").doesNotContain("\tat ");
    }
}
