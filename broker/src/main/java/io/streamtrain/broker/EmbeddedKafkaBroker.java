package io.streamtrain.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A real single-node Kafka cluster (one KRaft node that is both broker and controller) running inside this JVM,
 * built from Kafka's own server jars.
 *
 * <p>Clients reach it at {@link #bootstrapServers()} on 127.0.0.1 over PLAINTEXT, or over SASL_PLAINTEXT with the
 * PLAIN mechanism when the settings name {@linkplain EmbeddedBrokerSettings#saslUsers() users}. Every internal topic has one replica,
 * topics are never auto-created, consumer groups join without delay, and messages up to the size of the largest model
 * envelope are accepted. Starting on a data directory that holds an earlier broker's data resumes that broker, on the
 * ports it had unless the settings name others: topics, offsets and committed transactions survive, and clients
 * reconnect on their own.
 *
 * <h2>Faults do not end the JVM</h2>
 * A standalone Kafka broker ends its JVM on faults it cannot survive (for example an out-of-memory in the log cleaner
 * or a failed log directory) by calling Kafka's {@code Exit.exit} or {@code Exit.halt}. In-process that would kill the
 * user's application without a word. So while any embedded broker runs, Kafka's exit and halt procedures are replaced
 * JVM-wide: such a call is logged at ERROR with its reason, and the broker is marked failed ({@link #isHealthy()} turns
 * false and {@link #failureCause()} tells why) while the JVM keeps running. Close and start again to recover. The
 * defaults come back when the last embedded broker closes. Because the procedures are JVM-wide, a fault marks every
 * embedded broker running in this JVM as failed, and Kafka code that calls {@code Exit} for other reasons while a
 * broker runs (Kafka's command-line tools, for instance) is intercepted as well.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
 *     String bootstrap = broker.bootstrapServers();
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** How long {@link #start} waits for the broker to answer clients. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static final int MAX_START_ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long FIXED_PORT_RETRY_PAUSE_MS = 500;

    private final KafkaRaftServer server;
    private final BrokerPorts ports;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final AtomicReference<BrokerFaultException> fault;
    private final Consumer<BrokerFaultException> faultListener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, BrokerPorts ports, Path dataDir, boolean ownsDataDir,
                                AtomicReference<BrokerFaultException> fault,
                                Consumer<BrokerFaultException> faultListener) {
        this.server = server;
        this.ports = ports;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.fault = fault;
        this.faultListener = faultListener;
    }

    /**
     * Starts a broker and returns once it answers an Admin {@code describeCluster}, or fails within
     * {@link #STARTUP_TIMEOUT}.
     *
     * <p>A new data directory is formatted as a new cluster; one formatted before is resumed. A broker on a data
     * directory of the caller's remembers its ports there ({@value RememberedPorts#FILE_NAME}) and, restarted on it,
     * takes them again wherever the settings say {@code 0}, so clients of the earlier broker reconnect by themselves;
     * a port named in the settings always wins and is remembered in turn. Ports picked by the broker are picked again
     * if another process takes one before the broker binds it; fixed and remembered ports are retried a few times in
     * case the previous owner is still releasing them, then the start fails naming the port.
     *
     * @throws IllegalStateException if the broker cannot start
     */
    public static EmbeddedKafkaBroker start(EmbeddedBrokerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        boolean ownsDataDir = settings.dataDir() == null;
        Path dataDir = ownsDataDir ? createTempDir() : createDirectories(settings.dataDir());
        try {
            LogDirFormatter.formatIfNew(dataDir);
            EmbeddedBrokerSettings effective = RememberedPorts.read(dataDir)
                    .map(remembered -> RememberedPorts.fillIn(settings, remembered))
                    .orElse(settings);
            EmbeddedKafkaBroker broker = startWithRetries(effective, dataDir, ownsDataDir);
            if (!ownsDataDir) {
                rememberPorts(broker);
            }
            return broker;
        } catch (RuntimeException | Error e) {
            if (ownsDataDir) {
                delete(dataDir);
            }
            throw e;
        }
    }

    /** Where clients connect: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return BrokerPorts.HOST + ":" + ports.client();
    }

    /** The PLAINTEXT client port; pass it to {@link EmbeddedBrokerSettings#withPort} to restart on the same port. */
    public int port() {
        return ports.client();
    }

    /**
     * The KRaft controller port; pass it to {@link EmbeddedBrokerSettings#withControllerPort} together with the client
     * port and the data directory to restart this broker as it was.
     */
    public int controllerPort() {
        return ports.controller();
    }

    /** The log directory holding this broker's data and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** False once the broker is closed or has failed; see {@link #failureCause()}. */
    public boolean isHealthy() {
        return !closed.get() && fault.get() == null;
    }

    /** Why the broker failed: the exit or halt Kafka asked for instead of ending the JVM; empty unless it failed. */
    public Optional<BrokerFaultException> failureCause() {
        return Optional.ofNullable(fault.get());
    }

    /**
     * Shuts the broker down cleanly and waits until it has stopped. Deletes the data directory if the broker created
     * it. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            stop(server);
        } finally {
            KafkaExitInterceptor.unregister(faultListener);
            if (ownsDataDir) {
                delete(dataDir);
            }
        }
        LOG.info("Embedded Kafka broker at {} stopped in {} ms", bootstrapServers(), elapsedMs(started));
    }

    private static void rememberPorts(EmbeddedKafkaBroker broker) {
        try {
            RememberedPorts.write(broker.dataDir, broker.ports);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startWithRetries(EmbeddedBrokerSettings settings, Path dataDir,
                                                        boolean ownsDataDir) {
        // A fixed port may still be held by a broker that is shutting down: give it time before binding it again.
        boolean anyFixedPort = settings.port() != 0 || settings.controllerPort() != 0;
        for (int attempt = 1; ; attempt++) {
            BrokerPorts ports = BrokerPorts.resolve(settings);
            try {
                return launch(settings, ports, dataDir, ownsDataDir);
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e instanceof IllegalStateException ? e
                            : new IllegalStateException("Embedded Kafka broker failed to start on " + ports, e);
                }
                if (attempt == MAX_START_ATTEMPTS) {
                    throw new IllegalStateException("Embedded Kafka broker could not bind its ports in "
                            + MAX_START_ATTEMPTS + " attempts, the last on " + ports + rememberedHint(dataDir), e);
                }
                long pauseMs = anyFixedPort ? FIXED_PORT_RETRY_PAUSE_MS * attempt : 0;
                LOG.warn("Embedded Kafka broker could not bind {} (attempt {} of {}); retrying in {} ms", ports,
                        attempt, MAX_START_ATTEMPTS, pauseMs);
                pause(pauseMs);
            }
        }
    }

    private static String rememberedHint(Path dataDir) {
        Path remembered = dataDir.resolve(RememberedPorts.FILE_NAME);
        return Files.exists(remembered) ? "; they may be the ports remembered in " + remembered
                + ": free them, or delete that file to let the broker pick new ones (its clients must then be given them)" : "";
    }

    private static EmbeddedKafkaBroker launch(EmbeddedBrokerSettings settings, BrokerPorts ports, Path dataDir,
                                              boolean ownsDataDir) {
        long started = System.nanoTime();
        AtomicReference<BrokerFaultException> fault = new AtomicReference<>();
        // The broker logs in to its own SASL listener; the password lives as long as this start.
        String brokerPassword = randomPassword();
        Map<String, Object> brokerLogin = settings.saslUsers().enabled()
                ? SaslPlainUsers.login(SaslPlainUsers.BROKER_USER, brokerPassword) : Map.of();
        Consumer<BrokerFaultException> faultListener = f -> fault.compareAndSet(null, f);
        // Before the server exists: a fault while it starts must not end the JVM either.
        KafkaExitInterceptor.register(faultListener);
        KafkaRaftServer server = null;
        try {
            KafkaConfig config = new KafkaConfig(BrokerProperties.of(dataDir, ports, settings.saslUsers(),
                    brokerPassword, settings.overrides()), false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker =
                    new EmbeddedKafkaBroker(server, ports, dataDir, ownsDataDir, fault, faultListener);
            BrokerReadiness.await(broker.bootstrapServers(), brokerLogin, broker::failureCause, STARTUP_TIMEOUT);
            LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})", broker.bootstrapServers(),
                    elapsedMs(started), dataDir);
            return broker;
        } catch (RuntimeException | Error e) {
            if (server != null) {
                stopAfterFailedStart(server, e);
            }
            KafkaExitInterceptor.unregister(faultListener);
            throw e;
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void stopAfterFailedStart(KafkaRaftServer server, Throwable startFailure) {
        try {
            stop(server);
        } catch (RuntimeException e) {
            startFailure.addSuppressed(e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("streamtrain-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary Kafka data directory", e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create Kafka data directory " + dir, e);
        }
    }

    private static void delete(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka data directory {}", dir, e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
