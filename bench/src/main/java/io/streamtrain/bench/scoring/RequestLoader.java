package io.streamtrain.bench.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fills a score-requests topic before any clock starts, keyed by request id as the demo producer keys them. */
final class RequestLoader {

    private RequestLoader() {
    }

    /**
     * What was produced.
     *
     * @param requests   Kafka records
     * @param records    customers to score, over all requests
     * @param valueBytes request values, summed
     */
    record Loaded(long requests, long records, long valueBytes, double seconds) {

        double averageRequestBytes() {
            return (double) valueBytes / requests;
        }
    }

    /** Sends {@code count} requests of {@code requests} to {@code topic} and waits until every one is acknowledged. */
    static Loaded fill(String bootstrapServers, String topic, RequestSource requests, long count) {
        long valueBytes = 0;
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long n = 0; n < count; n++) {
                byte[] key = requests.nextId().getBytes(StandardCharsets.UTF_8);
                byte[] value = requests.nextValue();
                valueBytes += value.length;
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
        return new Loaded(count, count * requests.recordsPerRequest(), valueBytes, (System.nanoTime() - started) / 1e9);
    }
}
