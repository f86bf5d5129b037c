package io.streamtrain.launcher.runtime;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.launcher.home.LocalBroker;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster a run talks to: the one named by {@code kafka.bootstrap.servers}, or, when none is
 * configured, an embedded broker started here and stopped on {@link #close()}. While it runs, its address is
 * recorded with {@link LocalBroker} for the client commands.
 */
public final class KafkaEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEndpoint.class);

    private final KafkaClientSettings clientSettings;
    private final EmbeddedKafkaBroker embedded;

    private KafkaEndpoint(KafkaClientSettings clientSettings, EmbeddedKafkaBroker embedded) {
        this.clientSettings = clientSettings;
        this.embedded = embedded;
    }

    /**
     * Uses the configured cluster, or starts the embedded broker.
     *
     * @param embeddedDataDir the embedded broker's data directory; null for a temporary one deleted on close
     */
    public static KafkaEndpoint open(KafkaClientSettings configured, Path embeddedDataDir) {
        Objects.requireNonNull(configured, "configured");
        if (configured.bootstrapServers().isPresent()) {
            LOG.info("using the Kafka cluster at {}", configured.bootstrapServers().get());
            return new KafkaEndpoint(configured, null);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults().withDataDir(embeddedDataDir));
        LOG.info("no kafka.bootstrap.servers configured: started the embedded broker at {} (data in {})",
                broker.bootstrapServers(), broker.dataDir());
        LocalBroker.inDefaultFolder().announce(broker.bootstrapServers());
        return new KafkaEndpoint(configured.withBootstrapServers(broker.bootstrapServers()), broker);
    }

    /** Client settings that reach the cluster, including {@code bootstrap.servers}. */
    public KafkaClientSettings clientSettings() {
        return clientSettings;
    }

    /** The embedded broker, when this run started one. */
    public Optional<EmbeddedKafkaBroker> embeddedBroker() {
        return Optional.ofNullable(embedded);
    }

    /** True unless the embedded broker has failed. */
    public boolean isHealthy() {
        return embedded == null || embedded.isHealthy();
    }

    @Override
    public void close() {
        if (embedded != null) {
            LocalBroker.inDefaultFolder().withdraw(embedded.bootstrapServers());
            embedded.close();
        }
    }
}
