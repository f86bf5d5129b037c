package io.streamtrain.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to start an {@link EmbeddedKafkaBroker}.
 *
 * @param dataDir        the broker's log directory (data and KRaft metadata); {@code null} means a fresh temporary
 *                       directory that the broker deletes on close. Pass a directory of your own to keep the data
 *                       across a restart.
 * @param port           the PLAINTEXT client port on 127.0.0.1; {@code 0} picks a free one
 * @param controllerPort the KRaft controller port on 127.0.0.1; {@code 0} picks a free one
 * @param overrides      broker configs applied over the embedded defaults, for example
 *                       {@code log.retention.check.interval.ms}. Keys that define the node itself (listeners, roles,
 *                       node id, quorum, log dirs) are refused: they are derived from the fields above.
 */
public record EmbeddedBrokerSettings(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {

    /** Broker configs that {@link EmbeddedKafkaBroker} owns; an override of one of them would break the node. */
    static final Set<String> RESERVED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "controller.listener.names",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "inter.broker.listener.name",
            "log.dir",
            "log.dirs",
            "metadata.log.dir");

    public EmbeddedBrokerSettings {
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both were " + port);
        }
        Objects.requireNonNull(overrides, "overrides");
        overrides.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("overrides must have non-blank keys and non-null values, got "
                        + key + "=" + value);
            }
        });
        Set<String> reserved = new TreeSet<>(overrides.keySet());
        reserved.retainAll(RESERVED_KEYS);
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException("overrides must not set " + reserved
                    + ": the embedded broker derives them from dataDir, port and controllerPort");
        }
        overrides = Map.copyOf(overrides);
    }

    /** A fresh temporary data directory, free ports and no overrides. */
    public static EmbeddedBrokerSettings defaults() {
        return new EmbeddedBrokerSettings(null, 0, 0, Map.of());
    }

    /** These settings with another data directory ({@code null}: a temporary one deleted on close). */
    public EmbeddedBrokerSettings withDataDir(Path newDataDir) {
        return new EmbeddedBrokerSettings(newDataDir, port, controllerPort, overrides);
    }

    /** These settings with another client port ({@code 0}: pick a free one). */
    public EmbeddedBrokerSettings withPort(int newPort) {
        return new EmbeddedBrokerSettings(dataDir, newPort, controllerPort, overrides);
    }

    /** These settings with another controller port ({@code 0}: pick a free one). */
    public EmbeddedBrokerSettings withControllerPort(int newControllerPort) {
        return new EmbeddedBrokerSettings(dataDir, port, newControllerPort, overrides);
    }

    /** These settings with one more broker config override (replacing an earlier value of the same key). */
    public EmbeddedBrokerSettings withOverride(String key, String value) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.put(key, value);
        return new EmbeddedBrokerSettings(dataDir, port, controllerPort, merged);
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + value);
        }
    }
}
