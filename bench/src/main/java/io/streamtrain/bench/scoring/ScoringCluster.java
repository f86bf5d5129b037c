package io.streamtrain.bench.scoring;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every run of a scoring benchmark shares: an embedded broker, an {@link Admin} client on it and a producer that
 * publishes models to the pipelines' models topics ({@code acks=all}). Closed in the reverse order of starting.
 */
final class ScoringCluster implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> models;

    private ScoringCluster(EmbeddedKafkaBroker broker, Admin admin, KafkaProducer<byte[], byte[]> models) {
        this.broker = broker;
        this.admin = admin;
        this.models = models;
    }

    /** A fresh broker; {@code producerSettings} adds to or overrides the model producer's settings. */
    static ScoringCluster start(Map<String, Object> producerSettings) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
        Admin admin = null;
        try {
            admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
            Map<String, Object> producer = new HashMap<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"));
            producer.putAll(producerSettings);
            return new ScoringCluster(broker, admin, new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()));
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            broker.close();
            throw e;
        }
    }

    static ScoringCluster start() {
        return start(Map.of());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    KafkaProducer<byte[], byte[]> models() {
        return models;
    }

    /** Closes the producer, then the admin client, then the broker, each even when the one before fails. */
    @Override
    public void close() {
        try {
            models.close();
        } finally {
            try {
                admin.close();
            } finally {
                broker.close();
            }
        }
    }
}
