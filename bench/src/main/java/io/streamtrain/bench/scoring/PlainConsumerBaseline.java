package io.streamtrain.bench.scoring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling for topic-to-topic scoring: one plain {@link KafkaConsumer}, {@code read_committed} like the scorer's
 * and otherwise with default settings, reading the requests topic from the beginning and doing nothing with them.
 */
final class PlainConsumerBaseline {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private PlainConsumerBaseline() {
    }

    /** Seconds to read {@code expected} records from every partition of {@code topic}, from creating the consumer on. */
    static double seconds(String bootstrapServers, String topic, long expected) {
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = started + TIMEOUT.toNanos();
            long read = 0;
            long bytes = 0;
            while (read < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain consumer read " + read + " of " + expected + " records of " + topic + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    // Touch every value, as any consumer would, so the JIT cannot drop the records unread.
                    bytes += record.value().length;
                    read++;
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("the plain consumer read no bytes");
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }
}
