package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.LineageWindow;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsCommandTest {

    @Test
    void shouldShowEveryWindowAModelLearnedFrom() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        HorizonFacts facts = new HorizonFacts(120L, 100L, "uniform", "newest-window", false, List.of(
                new LineageWindow("b1", start, start.plusSeconds(60), 0, 10L, 14L, List.of(), 60L, 40L),
                new LineageWindow("b2", start.plusSeconds(60), start.plusSeconds(120), 0, 15L, 19L, List.of(), 60L, 60L)));

        String shown = ModelsCommand.horizon(facts);

        assertThat(shown).startsWith("2 windows, 100 of 120 rows used (sampling uniform, evaluation newest-window, not refit)");
        assertThat(shown).contains("b1 2030-01-01T00:00:00Z..2030-01-01T00:01:00Z, batches 0@10-14, 40 of 60 rows");
        assertThat(shown).contains("b2 ", "batches 0@15-19, 60 of 60 rows");
        assertThat(ModelsCommand.horizon(null)).contains("before training horizons");
    }

    @Test
    void shouldSayFromWhichVersionToWhichARollbackWent() {
        assertThat(ModelsCommand.rollbackAnswer(OptionalLong.of(5), 3)).isEqualTo("rolled back from version 5 to version 3, now the current model");
        assertThat(ModelsCommand.rollbackAnswer(OptionalLong.empty(), 3)).isEqualTo("version 3 is now the current model (there was none)");
    }

    @Test
    void shouldTakeExactlyOneDecisionToEndATrial() {
        ModelsCommand.EndTrial promote = new ModelsCommand.EndTrial();
        CommandLines.configure(new CommandLine(promote)).parseArgs("2", "--promote", "--reason", "enough seen");

        assertThat(promote.version).isEqualTo(2);
        assertThat(promote.decision.promote).isTrue();
        assertThatThrownBy(() -> CommandLines.configure(new CommandLine(new ModelsCommand.EndTrial())).parseArgs("2", "--promote", "--drop"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> CommandLines.configure(new CommandLine(new ModelsCommand.EndTrial())).parseArgs("2"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }
}
