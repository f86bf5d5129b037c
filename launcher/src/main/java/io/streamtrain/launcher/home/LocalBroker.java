package io.streamtrain.launcher.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The address of the embedded broker a local {@code run} or {@code demo} started, kept in {@link StreamtrainHome} while
 * it runs, so that {@code produce}, {@code score} and the other client commands given no cluster at all talk to it.
 * The last run to start wins; a run removes the file on stop only if it still names its own broker.
 */
public final class LocalBroker {

    private static final String FILE = "embedded-broker";

    private final Path file;

    public LocalBroker(Path folder) {
        this.file = folder.resolve(FILE);
    }

    public static LocalBroker inDefaultFolder() {
        return new LocalBroker(StreamtrainHome.folder());
    }

    /** Records {@code bootstrapServers} as the running embedded broker. */
    public void announce(String bootstrapServers) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, bootstrapServers + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded broker's address to " + file, e);
        }
    }

    /** Removes the record if it still names {@code bootstrapServers}; a failure to do so only leaves a stale address. */
    public void withdraw(String bootstrapServers) {
        if (address().filter(bootstrapServers::equals).isPresent()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A stale address fails the next client command with a message naming it: nothing is lost.
            }
        }
    }

    /** The recorded address, if a local run announced one. */
    public Optional<String> address() {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
