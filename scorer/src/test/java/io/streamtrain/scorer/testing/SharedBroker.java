package io.streamtrain.scorer.testing;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One embedded broker for a test class, with an Admin client and a raw byte producer on it.
 *
 * @param broker   the running broker
 * @param admin    an Admin client of the broker
 * @param producer an {@code acks=all} producer of raw keys and values
 */
public record SharedBroker(EmbeddedKafkaBroker broker, Admin admin, KafkaProducer<byte[], byte[]> producer)
        implements AutoCloseable {

    /** Starts a broker on free ports and connects the clients. */
    public static SharedBroker start() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        return new SharedBroker(broker, admin, producer);
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        broker.close();
    }
}
