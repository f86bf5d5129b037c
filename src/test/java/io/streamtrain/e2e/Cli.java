package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.launcher.StreamtrainCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code streamtrain} commands in the test's JVM, as a user would from a shell. */
final class Cli {

    private Cli() {
    }

    /** Runs a streamtrain command and returns what it printed; it must exit with 0. */
    static String run(String... args) {
        return runExpecting(0, args);
    }

    /** Runs a streamtrain command and returns what it printed; it must exit with {@code exitCode}. */
    static String runExpecting(int exitCode, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = StreamtrainCli.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        original.print(printed);
        assertThat(exit).as("exit status of %s; it printed:%n%s", List.of(args), printed).isEqualTo(exitCode);
        return printed;
    }
}
