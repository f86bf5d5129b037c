package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's quick start line by line with bash, as a reader would, in a fresh folder holding only a copy of
 * {@code examples/}: from a CSV file to a schema, a running pipeline, produced records, scored records and a REST
 * prediction. {@code ./streamtrain} in that folder runs the repository's own script, which runs the jar this build has
 * just packaged with the JDK 25 it finds ({@link StreamtrainScriptIT} tests how). Two things differ from a reader's
 * machine, so that the test runs beside other builds: the commands get their own {@code STREAMTRAIN_HOME} and a smaller
 * heap, and the background {@code run} serves its REST API on a free port, which replaces 8080 in the {@code curl} line.
 */
class ReadmeQuickStartIT {

    private static final Pattern REST_API = Pattern.compile("REST API: +http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private Process background;

    @AfterEach
    void stopBackgroundRun() throws InterruptedException {
        if (background != null && background.isAlive()) {
            background.destroy();
            if (!background.waitFor(60, TimeUnit.SECONDS)) {
                background.destroyForcibly();
            }
        }
    }

    @Test
    void shouldTakeACsvFileToPredictionsWithTheReadmesCommandsAsWritten() throws Exception {
        ReadmeQuickStart quickStart = ReadmeQuickStart.read();
        copyExamples(quickStart.repository());
        writeLauncher(quickStart.repository());
        String restPort = null;

        for (String command : quickStart.commands()) {
            if (command.endsWith("&")) {
                background = start(command.substring(0, command.length() - 1).strip(), work.resolve("run.log"));
                restPort = awaitRunning(work.resolve("run.log"));
            } else {
                String line = restPort == null ? command : command.replace("127.0.0.1:8080", "127.0.0.1:" + restPort);
                Path log = work.resolve("step-" + quickStart.commands().indexOf(command) + ".log");
                Process process = start(line, log);
                assertThat(process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("%s finished", command).isTrue();
                String output = Files.readString(log);
                System.out.println("$ " + line + "\n" + output);
                assertThat(process.exitValue()).as("exit status of %s; it printed:%n%s", command, output).isZero();
                check(command, output);
            }
        }
        assertThat(restPort).as("the quick start runs the pipeline in the background").isNotNull();
    }

    /** What each step must have done, beyond exiting with 0. */
    private void check(String command, String output) throws IOException {
        if (command.contains("streamtrain init")) {
            assertThat(work.resolve("customers.avsc")).exists();
            assertThat(Files.readString(work.resolve("customers.properties"))).contains("label.field=churned");
        } else if (command.contains("streamtrain produce")) {
            assertThat(output).contains("Sent 400 records").contains("Dead letters: none");
        } else if (command.contains("streamtrain score")) {
            List<String> predictions = Files.readAllLines(work.resolve("predictions.jsonl"));
            assertThat(predictions).hasSize(400).allSatisfy(line -> assertThat(line).containsPattern("\"label\":\"(yes|no)\""));
        } else if (command.startsWith("curl")) {
            assertThat(output).contains("\"pipeline\":\"customers\"").containsPattern("\"label\":\"(yes|no)\"");
        }
    }

    private void copyExamples(Path repository) throws IOException {
        Files.createDirectories(work.resolve("examples"));
        try (var files = Files.list(repository.resolve("examples"))) {
            for (Path file : files.toList()) {
                Files.copy(file, work.resolve("examples").resolve(file.getFileName()));
            }
        }
    }

    /** {@code ./streamtrain}: the repository's script, which finds the jar beside itself. */
    private void writeLauncher(Path repository) throws IOException {
        Path jar = repository.resolve("launcher/target/streamtrain.jar");
        assertThat(jar).as("the launcher module packages the jar before the end-to-end tests (else the script would build it)").exists();
        Path launcher = work.resolve("streamtrain");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + repository.resolve("streamtrain") + "' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Process start(String commandLine, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + commandLine).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("STREAMTRAIN_"));
        environment.put("STREAMTRAIN_SCORER_HTTP_PORT", "0");
        environment.put("STREAMTRAIN_HOME", work.resolve("home").toString());
        environment.put("STREAMTRAIN_JVM_ARGS", "-Xmx512m -XX:TieredStopAtLevel=1");
        // The JDK running this test is a JDK 25, wherever the machine keeps it.
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** Waits for the run's address lines and returns its REST API's port. */
    private String awaitRunning(Path log) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!background.isAlive()) {
                throw new AssertionError("run ended with " + background.exitValue() + ":\n" + Files.readString(log));
            }
            Matcher port = REST_API.matcher(Files.readString(log));
            return port.find() ? port.group(1) : null;
        }, port -> port != null);
    }
}
