package io.streamtrain.bench.windowing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The baseline: one plain {@link KafkaConsumer} reading the whole input topic, values as raw bytes. */
final class PlainConsumerRun {

    private PlainConsumerRun() {
    }

    /** Seconds to read {@code expected} records from the beginning of every partition of {@code topic}. */
    static double seconds(String bootstrapServers, String topic, long expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long checksum = 0;
            while (read < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("plain consumer read " + read + " of " + expected + " records within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    // Touch every value, as any real consumer would, so the JIT cannot skip the work.
                    checksum += record.value().length;
                    read++;
                }
            }
            if (checksum <= 0) {
                throw new IllegalStateException("read no bytes");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
