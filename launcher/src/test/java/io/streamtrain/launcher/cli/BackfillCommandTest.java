package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.launcher.StreamtrainCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackfillCommandTest {

    @Test
    void shouldParseBothTimeFormsAndDefaultTheWaits() {
        BackfillCommand command = new BackfillCommand();
        CommandLines.configure(new CommandLine(command)).parseArgs("--pipeline", "p", "--from", "2026-11-24T05:00:00Z", "--to", "1795500000000");

        assertThat(command.from).isEqualTo(Instant.parse("2026-11-24T05:00:00Z"));
        assertThat(command.to).isEqualTo(Instant.parse("2026-11-24T06:00:00Z"));
        assertThat(command.idleClose).isEqualTo(Duration.ofSeconds(2));
        assertThat(command.timeout).isEqualTo(Duration.ofMinutes(30));
        assertThat(command.trainWait).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldLeaveToOpenWhenItIsNotGiven() {
        BackfillCommand command = new BackfillCommand();
        CommandLines.configure(new CommandLine(command)).parseArgs("--pipeline", "p", "--from", "0");

        assertThat(command.to).isNull();
    }

    @Test
    void shouldRefuseAMissingFromOrAnUnreadableTime() {
        assertThat(errorOf("backfill", "--pipeline", "p")).contains("Missing required option: '--from=TIME'");
        assertThat(errorOf("backfill", "--pipeline", "p", "--from", "last tuesday"))
                .contains("'last tuesday' is neither an ISO-8601 instant");
    }

    @Test
    void shouldRefuseATransientPipelineWhichStoresNoModels(@TempDir Path folder) throws IOException {
        Path config = Files.writeString(folder.resolve("t.properties"), "pipeline.name=t\npipeline.mode=transient\n");

        assertThat(errorOf("backfill", "--config", config.toString(), "--bootstrap-servers", "127.0.0.1:9", "--from", "0"))
                .contains("backfill: pipeline t runs with pipeline.mode=transient and stores no models");
    }

    @Test
    void shouldDescribeItselfInHelp() {
        StringWriter help = new StringWriter();
        StreamtrainCli.commandLine().setOut(new PrintWriter(help)).execute("backfill", "--help");

        assertThat(help.toString()).contains("--from=TIME").contains("--to=TIME").contains("status BACKFILL").contains("models rollback");
    }

    private static String errorOf(String... args) {
        StringWriter errors = new StringWriter();
        int exit = StreamtrainCli.commandLine().setErr(new PrintWriter(errors)).execute(args);
        assertThat(exit).isNotZero();
        return errors.toString();
    }
}
