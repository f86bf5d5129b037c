package io.streamtrain.bench.soak;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The soak's Kafka broker in a JVM of its own, so that the soak's heap column measures streamtrain's services and
 * the load generator only, as in production, where the broker runs elsewhere; the broker's heap is sampled too, in
 * a column of its own. The child is the embedded broker ({@link #main}) with the soak JVM's class path and heap
 * settings, driven over its standard streams: it prints its bootstrap address once started, answers each
 * {@code heap} line with its heap in use after a full GC (MB), and stops cleanly when its input closes. Its logs go to
 * standard error, which this JVM passes through.
 */
final class BrokerProcess implements AutoCloseable {

    private static final String READY = "bootstrap=";
    private static final String HEAP = "heap";

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final String bootstrapServers;

    private BrokerProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        this.bootstrapServers = awaitLine(READY).substring(READY.length());
    }

    /** Starts the child broker and waits until it serves clients. */
    static BrokerProcess start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow(() -> new IOException("cannot tell this JVM's java command")));
        // The soak JVM's own options (heap, GC, native access), without a flight recording of its own.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-XX:StartFlightRecording"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new BrokerProcess(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The child's heap in use right after a full collection, MB. */
    synchronized double heapAfterGcMb() throws IOException {
        in.println(HEAP);
        return Double.parseDouble(awaitLine(HEAP + "=").substring(HEAP.length() + 1));
    }

    private String awaitLine(String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the broker process ended (exit code " + exitCode() + ") before printing " + prefix);
    }

    private String exitCode() {
        return process.isAlive() ? "none yet" : String.valueOf(process.exitValue());
    }

    /** Closes the child's input, which stops its broker, and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child: an embedded broker on a temporary data directory and free ports, until standard input closes. */
    public static void main(String[] args) throws IOException {
        // Standard output carries the answers alone; logs go to standard error, which the parent passes through, so
        // the broker never blocks on a pipe that the parent reads only when it asks something.
        PrintStream answers = System.out;
        System.setOut(System.err);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            answers.println(READY + broker.bootstrapServers());
            answers.flush();
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals(HEAP)) {
                    System.gc();
                    double used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
                    answers.println(String.format(Locale.ROOT, "%s=%.3f", HEAP, used));
                    answers.flush();
                }
            }
        }
        System.exit(0);
    }
}
