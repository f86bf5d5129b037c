package io.streamtrain.bench.windowing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.streams.StreamsAppService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The streams-app windowing the input from its beginning until every record is in an emitted batch. Completion
 * is read from the {@code WINDOW_CLOSED} events rather than the batches: each event commits in the same
 * transaction as its batch, and reading events keeps the measuring thread from decoding every batch on a
 * machine whose cores the streams-app needs.
 */
final class StreamsAppRun {

    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private StreamsAppRun() {
    }

    /**
     * @param records             records in the emitted batches
     * @param startupSeconds      from creating the service until it is RUNNING
     * @param windowSeconds       from RUNNING until the last batch is committed
     * @param beforeTailRecords   records in batches closed by stream time or size, that is all but the last
     *                            windows, which only the idle timeout closes after the input ends
     * @param beforeTailSeconds   from RUNNING until the last of those batches is committed
     * @param windowsByReason     closed windows by close reason
     */
    record Result(long records, double startupSeconds, double windowSeconds, long beforeTailRecords, double beforeTailSeconds,
                  long batches, Map<String, Long> windowsByReason) {
    }

    static Result run(PipelineConfig pipeline, long expected, Duration timeout) {
        String bootstrapServers = pipeline.kafka().bootstrapServers().orElseThrow();
        try (KafkaConsumer<byte[], byte[]> events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             StreamsAppService service = new StreamsAppService(new StreamsAppConfig(pipeline))) {
            List<TopicPartition> partitions = events.partitionsFor(pipeline.topics().events()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            events.assign(partitions);
            events.seekToBeginning(partitions);

            long start = System.nanoTime();
            service.start(Duration.ofSeconds(60));
            long running = System.nanoTime();
            long deadline = running + timeout.toNanos();
            long windowed = 0;
            long batches = 0;
            long beforeTail = 0;
            long lastBeforeTail = running;
            Map<String, Long> reasons = new TreeMap<>();
            while (windowed < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("streams-app windowed " + windowed + " of " + expected + " records within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : events.poll(Duration.ofMillis(50))) {
                    PipelineEvent event = EVENTS.decode(record.value());
                    if (event.getType() == EventType.WINDOW_CLOSED) {
                        long records = Long.parseLong(event.getAttributes().get("records"));
                        String reason = event.getAttributes().get("reason");
                        windowed += records;
                        batches++;
                        reasons.merge(reason, 1L, Long::sum);
                        if (!"IDLE".equals(reason)) {
                            beforeTail += records;
                            lastBeforeTail = System.nanoTime();
                        }
                    }
                }
            }
            long done = System.nanoTime();
            return new Result(windowed, (running - start) / 1e9, (done - running) / 1e9, beforeTail, (lastBeforeTail - running) / 1e9, batches, reasons);
        }
    }
}
