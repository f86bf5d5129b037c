package io.streamtrain.launcher.produce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.streamtrain.launcher.input.InputFormat;
import io.streamtrain.launcher.input.RecordLines;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends every record of a file to a pipeline's input topic, reporting progress as it goes. Records are sent without a
 * key, with idempotence and {@code acks=all}; a record the broker refuses is counted and its first error kept.
 */
public final class FileProducer {

    private static final long PROGRESS_EVERY_NANOS = Duration.ofMillis(250).toNanos();

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Schema inputSchema;
    private final String idField;

    /**
     * @param clientProperties Kafka client settings that reach the cluster
     * @param idField          the schema's id field, generated for a CSV file without that column
     */
    public FileProducer(Map<String, Object> clientProperties, String topic, Schema inputSchema, String idField) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.inputSchema = inputSchema;
        this.idField = idField;
    }

    /** What a run sent. */
    public record Outcome(long sent, long acknowledged, long failed, String firstError, long blankLines, long unconvertedRows,
                          long elapsedNanos, ProducedRanges ranges) {

        public double recordsPerSecond() {
            return elapsedNanos > 0 ? acknowledged * 1e9 / elapsedNanos : 0;
        }
    }

    /**
     * Sends the file and waits until every record is acknowledged or failed.
     *
     * @param progress where progress lines go; with {@code overwrite} each replaces the previous one ({@code \r})
     */
    public Outcome send(Path file, InputFormat format, PrintStream progress, boolean overwrite) throws IOException {
        long size = Math.max(1, Files.size(file));
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ProducedRanges ranges = new ProducedRanges();
        long sent = 0;
        long started = System.nanoTime();
        long nextProgress = started;
        try (RecordLines lines = new RecordLines(file, format, inputSchema, idField);
             Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            byte[] value;
            while ((value = lines.next()) != null) {
                producer.send(new ProducerRecord<>(topic, null, value), (metadata, error) -> {
                    if (error == null) {
                        ranges.add(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset());
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error.toString());
                    }
                });
                sent++;
                long now = System.nanoTime();
                if (now - nextProgress >= 0) {
                    report(progress, overwrite, (double) lines.bytesRead() / size, sent, acknowledged.get(), failed.get(), now - started);
                    nextProgress = now + (overwrite ? PROGRESS_EVERY_NANOS : PROGRESS_EVERY_NANOS * 20);
                }
            }
            producer.flush();
            long elapsed = System.nanoTime() - started;
            report(progress, overwrite, 1, sent, acknowledged.get(), failed.get(), elapsed);
            if (overwrite) {
                progress.println();
            }
            return new Outcome(sent, acknowledged.get(), failed.get(), firstError.get(), lines.blankLines(), lines.unconvertedRows(),
                    elapsed, ranges);
        }
    }

    private static void report(PrintStream progress, boolean overwrite, double fraction, long sent, long acknowledged, long failed,
                               long elapsed) {
        String line = ProgressLine.render(fraction, sent, acknowledged, failed, elapsed);
        if (overwrite) {
            progress.print("\r" + line);
            progress.flush();
        } else {
            progress.println(line);
        }
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putAll(clientProperties);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "streamtrain-produce");
        return properties;
    }
}
