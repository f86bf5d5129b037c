package io.streamtrain.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports a broker last served on, kept in its data directory, so that a broker restarted on that directory comes
 * back where its clients look for it: Kafka clients only know the addresses they were given, and a broker on a new
 * port is a broker they never find again.
 *
 * <p>The file is {@value #FILE_NAME}, a properties file with {@code client.port} and {@code controller.port}. An
 * unreadable or invalid file is ignored with a warning (the broker then picks ports as if it had none).
 */
final class RememberedPorts {

    /** The file in the data directory. Kafka loads only directories from a log directory, so a file beside them is safe. */
    static final String FILE_NAME = "streamtrain-broker-ports.properties";

    private static final Logger LOG = LoggerFactory.getLogger(RememberedPorts.class);
    private static final String CLIENT_KEY = "client.port";
    private static final String CONTROLLER_KEY = "controller.port";

    private RememberedPorts() {
    }

    /** The ports remembered in {@code dataDir}, if a valid file is there. */
    static Optional<BrokerPorts> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
            return Optional.of(new BrokerPorts(Integer.parseInt(properties.getProperty(CLIENT_KEY, "")),
                    Integer.parseInt(properties.getProperty(CONTROLLER_KEY, ""))));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring {}: {}; the broker picks its ports as if none were remembered", file, e.toString());
            return Optional.empty();
        }
    }

    /** Remembers {@code ports} in {@code dataDir}, replacing the file in one step so a crash never leaves half of it. */
    static void write(Path dataDir, BrokerPorts ports) {
        Properties properties = new Properties();
        properties.setProperty(CLIENT_KEY, String.valueOf(ports.client()));
        properties.setProperty(CONTROLLER_KEY, String.valueOf(ports.controller()));
        Path file = dataDir.resolve(FILE_NAME);
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.ISO_8859_1)) {
                properties.store(writer, "Ports of the embedded Kafka broker on this data directory; it restarts on them."
                        + " Delete this file to let it pick new ones.");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remember the broker's ports in " + file, e);
        }
    }

    /**
     * {@code settings} with each port it leaves to the broker ({@code 0}) replaced by the one remembered; unchanged when
     * that would give both roles the same port (a port named in the settings always wins).
     */
    static EmbeddedBrokerSettings fillIn(EmbeddedBrokerSettings settings, BrokerPorts remembered) {
        int client = settings.port() != 0 ? settings.port() : remembered.client();
        int controller = settings.controllerPort() != 0 ? settings.controllerPort() : remembered.controller();
        return client == controller ? settings : settings.withPort(client).withControllerPort(controller);
    }
}
