package io.streamtrain.bench.chaos;

import io.streamtrain.launcher.home.StreamtrainHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code streamtrain run <service>} of the launcher's runnable jar in a JVM of its own, as a process supervisor
 * would run it: started, killed with SIGKILL (no shutdown hook, no transaction finished, no group left) and started
 * again with the same command, so on the same health port (and, for the broker, the same data directory and ports).
 * Its output is appended to one log file across restarts.
 */
final class CliProcess implements AutoCloseable {

    private static final Duration DIE_BOUND = Duration.ofSeconds(30);
    private static final Duration STOP_BOUND = Duration.ofSeconds(90);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final int healthPort;
    private Process process;

    private CliProcess(String name, List<String> command, Path log, int healthPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.healthPort = healthPort;
    }

    /**
     * {@code java -jar <jar> run <service> --config <config> --health-port <free port> <extra>}, with {@code home} as
     * streamtrain's folder, not started yet.
     */
    static CliProcess of(String name, Path jar, Path home, String heap, String service, Path config, Path log, List<String> extra) {
        int healthPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("cannot tell this JVM's java command")),
                "-Xmx" + heap, "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow",
                "-D" + StreamtrainHome.PROPERTY + "=" + home, "-jar", jar.toString(),
                "run", service, "--config", config.toString(), "--health-port", String.valueOf(healthPort)));
        command.addAll(extra);
        return new CliProcess(name, command, log, healthPort);
    }

    /** A port free now, for a child to listen on across its restarts. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    String name() {
        return name;
    }

    int healthPort() {
        return healthPort;
    }

    /** Starts the process; it must not be running. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " runs already");
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL ({@code destroyForcibly} on the JVM's pid), and waits until the process is gone; returns its pid. */
    synchronized long kill() throws InterruptedException {
        long pid = process.pid();
        process.destroyForcibly();
        if (!process.waitFor(DIE_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid + ") did not die within " + DIE_BOUND);
        }
        return pid;
    }

    /** Whether the process ended by itself (a failed service exits), which the run reports as a failure. */
    synchronized boolean hasExited() {
        return process != null && !process.isAlive();
    }

    synchronized int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM, the graceful stop; SIGKILL if it has not stopped within 90 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            System.out.println("chaos: " + name + " did not stop within " + STOP_BOUND + " of SIGTERM; killing it");
            kill();
        }
    }
}
