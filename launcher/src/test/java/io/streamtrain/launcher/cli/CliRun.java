package io.streamtrain.launcher.cli;

import io.streamtrain.launcher.StreamtrainCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One {@code streamtrain} command run in the test's JVM: its exit status, what it printed and how long it took. */
record CliRun(int exitCode, String out, String err, long millis) {

    static CliRun of(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        long started = System.nanoTime();
        int exit;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = StreamtrainCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        } finally {
            System.setOut(original);
        }
        CliRun run = new CliRun(exit, out + printed.toString(StandardCharsets.UTF_8), err.toString(),
                (System.nanoTime() - started) / 1_000_000);
        System.out.println(List.of(args) + " -> " + exit + "\n" + run.out() + run.err());
        return run;
    }
}
