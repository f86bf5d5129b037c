package io.streamtrain.e2e;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The broker of a fault test class, shared by its tests (each runs a {@link FaultPipeline} of its own on it): started
 * before the first test on a data directory of its own, so that {@link #restart()} brings it back with its data, and
 * stopped, its directory deleted, after the last. Register it as
 * {@code @RegisterExtension static final FaultBroker BROKER = new FaultBroker();}.
 */
final class FaultBroker implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("streamtrain-fault-broker-");
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults().withDataDir(dataDir));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Stops the broker and starts it again on its data directory and ports, as a restarted broker host would. */
    void restart() {
        EmbeddedBrokerSettings same = EmbeddedBrokerSettings.defaults().withDataDir(broker.dataDir())
                .withPort(broker.port()).withControllerPort(broker.controllerPort());
        broker.close();
        broker = EmbeddedKafkaBroker.start(same);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(FaultBroker::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
