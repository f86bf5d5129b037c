package io.streamtrain.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A {@link TrainerProcessMain} in a child JVM on the test's classpath; its output goes to a log file. */
final class TrainerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private TrainerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a trainer of the pipeline configured by {@code settings}, logging to {@code log}. */
    static TrainerProcess start(Map<String, String> settings, Path log) {
        try {
            Path config = Files.createTempFile(log.getParent(), "trainer", ".properties");
            Properties properties = new Properties();
            properties.putAll(settings);
            try (Writer writer = Files.newBufferedWriter(config)) {
                properties.store(writer, null);
            }
            List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), TrainerProcessMain.class.getName(), config.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new TrainerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a trainer process", e);
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the trainer process logging to " + log + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
