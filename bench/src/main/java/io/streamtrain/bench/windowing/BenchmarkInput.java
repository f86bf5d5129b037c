package io.streamtrain.bench.windowing;

import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's input: demo records, alternately Avro single-object and plain JSON (as the demo producer
 * writes them), event times 1 ms apart, keyed by record id so they spread over the input partitions.
 */
final class BenchmarkInput {

    static final long FIRST_EVENT_TIME = 1_700_000_000_000L;

    private static final String[] REGIONS = {"north", "south", "east", "west"};

    private BenchmarkInput() {
    }

    /** What was produced. */
    record Produced(long records, long valueBytes, double seconds) {
    }

    /** The values of the first {@code count} records, as {@link #produce} sends them. */
    static List<byte[]> values(int count) {
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            DemoRecord record = record(n, random);
            values.add(n % 2 == 0 ? DemoRecordEncoder.avro(record) : DemoRecordEncoder.json(record));
        }
        return values;
    }

    /**
     * Produces {@code count} records to {@code topic} and waits until all are acknowledged.
     *
     * @throws IllegalStateException if any record was not written: the runs would otherwise wait for it until they time out
     */
    static Produced produce(String bootstrapServers, String topic, int count) {
        Random random = new Random(42);
        long valueBytes = 0;
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < count; n++) {
                DemoRecord record = record(n, random);
                byte[] value = n % 2 == 0 ? DemoRecordEncoder.avro(record) : DemoRecordEncoder.json(record);
                valueBytes += value.length;
                producer.send(new ProducerRecord<>(topic, record.getId().getBytes(StandardCharsets.UTF_8), value),
                        (metadata, failure) -> {
                            if (failure != null) {
                                firstFailure.compareAndSet(null, failure);
                            }
                        });
            }
            producer.flush();
        }
        if (firstFailure.get() != null) {
            throw new IllegalStateException("the benchmark input to " + topic + " is incomplete", firstFailure.get());
        }
        return new Produced(count, valueBytes, (System.nanoTime() - start) / 1e9);
    }

    private static DemoRecord record(int n, Random random) {
        return DemoRecord.newBuilder()
                .setId("rec-" + n)
                .setEventTime(Instant.ofEpochMilli(FIRST_EVENT_TIME + n))
                .setTenureMonths((double) random.nextInt(72))
                .setMonthlySpend(Math.round(random.nextDouble() * 20_000) / 100.0)
                .setSupportCalls((double) random.nextInt(8))
                .setUsageHours(Math.round(random.nextDouble() * 3_000) / 10.0)
                .setPremium(random.nextBoolean())
                .setRegion(REGIONS[random.nextInt(REGIONS.length)])
                .setLabel(random.nextInt(4) == 0 ? "churn" : "stay")
                .build();
    }
}
