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
 *                       node id, quorum, log dirs, SASL) are refused: they are derived from the fields above.
 * @param saslUsers      the users of the client listener; {@link SaslPlainUsers#NONE} keeps it PLAINTEXT, any user
 *                       makes it SASL_PLAINTEXT with the PLAIN mechanism
 */
public record EmbeddedBrokerSettings(Path dataDir, int port, int controllerPort, Map<String, String> overrides,
                                     SaslPlainUsers saslUsers) {

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
            "metadata.log.dir",
            "sasl.enabled.mechanisms",
            "sasl.mechanism.inter.broker.protocol",
            BrokerProperties.SASL_JAAS_CONFIG_KEY);

    public EmbeddedBrokerSettings {
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both were " + port);
        }
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(saslUsers, "saslUsers");
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
                    + ": the embedded broker derives them from dataDir, port, controllerPort and saslUsers");
        }
        overrides = Map.copyOf(overrides);
    }

    /** Settings with a PLAINTEXT client listener. */
    public EmbeddedBrokerSettings(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this(dataDir, port, controllerPort, overrides, SaslPlainUsers.NONE);
    }

    /** A fresh temporary data directory, free ports and no overrides. */
    public static EmbeddedBrokerSettings defaults() {
        return new EmbeddedBrokerSettings(null, 0, 0, Map.of());
    }

    /** These settings with another data directory ({@code null}: a temporary one deleted on close). */
    public EmbeddedBrokerSettings withDataDir(Path newDataDir) {
        return new EmbeddedBrokerSettings(newDataDir, port, controllerPort, overrides, saslUsers);
    }

    /** These settings with another client port ({@code 0}: pick a free one). */
    public EmbeddedBrokerSettings withPort(int newPort) {
        return new EmbeddedBrokerSettings(dataDir, newPort, controllerPort, overrides, saslUsers);
    }

    /** These settings with another controller port ({@code 0}: pick a free one). */
    public EmbeddedBrokerSettings withControllerPort(int newControllerPort) {
        return new EmbeddedBrokerSettings(dataDir, port, newControllerPort, overrides, saslUsers);
    }

    /** These settings with one more broker config override (replacing an earlier value of the same key). */
    public EmbeddedBrokerSettings withOverride(String key, String value) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.put(key, value);
        return new EmbeddedBrokerSettings(dataDir, port, controllerPort, merged, saslUsers);
    }

    /**
     * These settings with one more SASL/PLAIN user: the client listener becomes SASL_PLAINTEXT and accepts only its
     * users. {@link SaslPlainUsers#clientSettings} gives the client settings that log in as one.
     */
    public EmbeddedBrokerSettings withSaslPlainUser(String user, String password) {
        return new EmbeddedBrokerSettings(dataDir, port, controllerPort, overrides, saslUsers.with(user, password));
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + value);
        }
    }
}
