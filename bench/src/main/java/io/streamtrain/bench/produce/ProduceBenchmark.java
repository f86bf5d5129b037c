package io.streamtrain.bench.produce;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.launcher.StreamtrainCli;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * Throughput of {@code streamtrain produce} on a generated CSV file of demo records (default 1,000,000 rows), against
 * a plain {@code KafkaProducer} with the same settings sending the file's lines as they are (no CSV parsing or JSON
 * conversion), on one embedded broker in the same run. The command runs exactly as a user runs it, through the CLI,
 * progress lines included; it skips the dead-letter count, which waits for a streams-app.
 */
public final class ProduceBenchmark {

    private static final int DEFAULT_ROWS = 1_000_000;

    private ProduceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_ROWS;
        Path folder = Files.createDirectories(Path.of("target", "produce-benchmark"));
        Path csv = folder.resolve("churn-" + rows + ".csv");
        long generating = System.nanoTime();
        ChurnCsv.write(csv, rows);
        System.out.printf(Locale.ROOT, "input: %,d rows, %,d bytes in %s (written in %.1f s)%n", rows, Files.size(csv), csv,
                (System.nanoTime() - generating) / 1e9);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            for (String pipeline : new String[] {"bench-produce", "bench-plain"}) {
                PipelineConfig config = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, pipeline));
                new TopicProvisioner(admin, 1, Duration.ofMinutes(1)).ensureTopics(config.topics().specs(config.inputPartitions()));
            }
            long started = System.nanoTime();
            int exit = StreamtrainCli.commandLine().execute("produce", "--pipeline", "bench-produce", "--bootstrap-servers",
                    broker.bootstrapServers(), "--file", csv.toString(), "--dead-letter-wait", "PT0S");
            double commandSeconds = (System.nanoTime() - started) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("streamtrain produce exited with " + exit);
            }
            double plainSeconds = plainProducer(broker.bootstrapServers(), "bench-plain.records", csv);
            System.out.printf(Locale.ROOT, "environment: %d cores, Java %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "(a) streamtrain produce: %.2f s  %,.0f records/s (whole command, producer start included)%n",
                    commandSeconds, rows / commandSeconds);
            System.out.printf(Locale.ROOT, "(b) plain producer, raw lines: %.2f s  %,.0f records/s%n", plainSeconds, rows / plainSeconds);
            System.out.printf(Locale.ROOT, "ratio (a)/(b): %.2f%n", plainSeconds / commandSeconds);
        }
    }

    /** Seconds to send every data line of {@code csv} as it is and have it acknowledged. */
    private static double plainProducer(String bootstrapServers, String topic, Path csv) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
             BufferedReader lines = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            lines.readLine();
            String line;
            while ((line = lines.readLine()) != null) {
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
