package io.streamtrain.bench.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches a predictions topic (JSON predictions) from its end, as a downstream {@code read_committed} consumer
 * would, and notes when it first received a prediction naming each model version. Its fetches wait at most
 * {@value #FETCH_MAX_WAIT_MS} ms at the broker, which bounds what the watcher itself adds to a measured latency.
 */
final class VersionWatcher extends VersionSightings {

    private static final int FETCH_MAX_WAIT_MS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;

    private VersionWatcher(KafkaConsumer<byte[], byte[]> consumer) {
        super("bench-version-watcher");
        this.consumer = consumer;
    }

    /** Starts watching {@code partitions} from their current end. */
    static VersionWatcher start(String bootstrapServers, List<TopicPartition> partitions) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        VersionWatcher watcher = new VersionWatcher(consumer);
        watcher.startWatching();
        return watcher;
    }

    /** Sees a version when the first prediction naming it arrives. */
    @Override
    void watchUntilStopped() {
        try {
            while (!stopping()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.nanoTime();
                    seen(JSON.readTree(record.value()).get("modelVersion").asLong(), received);
                }
            }
        } catch (WakeupException e) {
            // close() ends the watch
        } catch (IOException e) {
            throw new IllegalStateException("a prediction is not JSON", e);
        } finally {
            consumer.close();
        }
    }

    @Override
    void wakeUp() {
        consumer.wakeup();
    }
}
