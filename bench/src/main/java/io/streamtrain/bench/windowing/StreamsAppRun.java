package io.streamtrain.bench.windowing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.streams.StreamsAppService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One or more streams-app instances windowing the input from its beginning until every record is in a committed
 * manifest: whole windows with one input partition, every partition's parts of every window with several (the trainer,
 * which assembles parts, is not part of this run). Manifests commit in the same transaction as their chunks. Chunks
 * are recognised by size and not decoded, which keeps the measuring thread off the cores the streams-app needs. The
 * time until the whole input is committed ({@link InputCommitted}) is taken too: the end the validation cut is timed
 * to.
 */
final class StreamsAppRun {

    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);
    /** Manifests are well under this size (a few names and one offset range per partition); most chunks far above. */
    private static final int MANIFEST_MAX_BYTES = 64 * 1024;

    private StreamsAppRun() {
    }

    /**
     * @param records            records in the committed manifests
     * @param startupSeconds     from creating the services until the first is RUNNING
     * @param windowSeconds      from the first RUNNING until the last manifest is committed
     * @param beforeTailRecords  records in manifests closed by stream time or size, that is all but the last windows,
     *                           which only the idle timeout closes after the input ends
     * @param beforeTailSeconds  from the first RUNNING until the last of those manifests is committed
     * @param committedSeconds   from the first RUNNING until the whole input is committed
     * @param manifests          manifests read (windows, or parts of windows)
     * @param manifestsByReason  manifests by close reason
     * @param cpuSeconds         CPU time of the instances' threads from the first RUNNING until the last manifest
     */
    record Result(long records, double startupSeconds, double windowSeconds, long beforeTailRecords, double beforeTailSeconds,
                  double committedSeconds, long manifests, Map<String, Long> manifestsByReason, double cpuSeconds) {
    }

    /** Runs one streams-app per configuration in {@code instances} (same application, own state directories). */
    static Result run(Admin admin, List<PipelineConfig> instances, long expected, Duration timeout) {
        PipelineConfig pipeline = instances.getFirst();
        String applicationId = new StreamsAppConfig(PipelineDefinition.of(pipeline)).applicationId();
        InputCommitted inputCommitted = InputCommitted.of(admin, applicationId, pipeline.topics().records());
        String bootstrapServers = pipeline.kafka().bootstrapServers().orElseThrow();
        List<StreamsAppService> services = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> batches = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = batches.partitionsFor(pipeline.topics().batches()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            batches.assign(partitions);
            batches.seekToBeginning(partitions);

            long start = System.nanoTime();
            instances.forEach(config -> services.add(new StreamsAppService(new StreamsAppConfig(PipelineDefinition.of(config)))));
            // Started together, so that the instances share the input from the first rebalance on. CPU time counts from
            // the first RUNNING, as the time does: the first instance processes records before the others are running.
            AtomicReference<ThreadCpu> cpuAtRunning = new AtomicReference<>();
            long running = services.stream()
                    .map(service -> CompletableFuture.supplyAsync(() -> {
                        service.start(Duration.ofSeconds(60));
                        long now = System.nanoTime();
                        if (cpuAtRunning.get() == null) {
                            cpuAtRunning.compareAndSet(null, ThreadCpu.of(applicationId));
                        }
                        return now;
                    }))
                    .toList().stream().mapToLong(CompletableFuture::join).min().orElseThrow();
            ThreadCpu cpuAtStart = cpuAtRunning.get();
            long deadline = running + timeout.toNanos();
            long windowed = 0;
            long manifests = 0;
            long beforeTail = 0;
            long lastBeforeTail = running;
            long committed = 0;
            Map<String, Long> reasons = new TreeMap<>();
            while (windowed < expected || committed == 0) {
                if (committed == 0 && inputCommitted.reached()) {
                    committed = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("streams-app windowed " + windowed + " of " + expected + " records within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : batches.poll(Duration.ofMillis(50))) {
                    if (record.value().length < MANIFEST_MAX_BYTES && BATCHES.decode(record.value()).getPart() instanceof BatchManifest manifest) {
                        windowed += manifest.getRecordCount();
                        manifests++;
                        reasons.merge(manifest.getCloseReason().name(), 1L, Long::sum);
                        if (manifest.getCloseReason() != WindowCloseReason.IDLE) {
                            beforeTail += manifest.getRecordCount();
                            lastBeforeTail = System.nanoTime();
                        }
                    }
                }
            }
            long done = System.nanoTime();
            double cpuSeconds = ThreadCpu.of(applicationId).secondsSince(cpuAtStart);
            return new Result(windowed, (running - start) / 1e9, (done - running) / 1e9, beforeTail, (lastBeforeTail - running) / 1e9,
                    (committed - running) / 1e9, manifests, reasons, cpuSeconds);
        } finally {
            services.forEach(StreamsAppService::close);
        }
    }
}
