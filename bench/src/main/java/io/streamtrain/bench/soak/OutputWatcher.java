package io.streamtrain.bench.soak;

import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches what the pipeline delivers, on its own thread, reading committed records only:
 * <ul>
 *   <li><b>request latency</b>: from a score request's send time (its Kafka timestamp) until the first of its
 *       predictions is readable here;</li>
 *   <li><b>model freshness</b>: from the end of a window until the scorer reports serving the model trained on it
 *       ({@code MODEL_LOADED} time less the {@code windowEnd} of the version's {@code MODEL_PUBLISHED} event); with
 *       event time = wall-clock time this is how stale the served model is when it arrives.</li>
 * </ul>
 */
final class OutputWatcher implements AutoCloseable {

    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final PipelineTopics topics;
    private final Thread thread;
    private final Map<String, Long> requestSent = new HashMap<>();
    private final Map<String, Long> answeredBeforeSeen = bounded();
    private final Map<String, Long> answered = bounded();
    private final Map<String, Long> windowEndByVersion = new HashMap<>();
    private final List<Long> requestLatencies = new ArrayList<>();
    private final List<Long> freshness = new ArrayList<>();
    private long modelsLoaded;
    private volatile boolean stop;

    OutputWatcher(Map<String, Object> clientProperties, PipelineTopics topics) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "soak-watcher");
        this.consumer = new KafkaConsumer<>(properties);
        this.topics = topics;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.scoreRequests(), topics.predictions(), topics.events())) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        this.thread = Thread.ofPlatform().name("soak-watcher").daemon().start(this::run);
    }

    /** Request latencies (ms) since the last call. */
    synchronized List<Long> drainRequestLatencies() {
        List<Long> drained = List.copyOf(requestLatencies);
        requestLatencies.clear();
        return drained;
    }

    /** Model freshness (ms) of the models loaded since the last call. */
    synchronized List<Long> drainFreshness() {
        List<Long> drained = List.copyOf(freshness);
        freshness.clear();
        return drained;
    }

    synchronized long modelsLoaded() {
        return modelsLoaded;
    }

    private void run() {
        while (!stop) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                long now = System.currentTimeMillis();
                synchronized (this) {
                    if (record.topic().equals(topics.scoreRequests())) {
                        request(record.key(), record.timestamp());
                    } else if (record.topic().equals(topics.predictions())) {
                        prediction(record.key(), now);
                    } else {
                        event(EVENTS.decode(record.value()));
                    }
                }
            }
        }
    }

    private void request(String id, long sent) {
        Long answeredAt = answeredBeforeSeen.remove(id);
        if (answeredAt != null) {
            requestLatencies.add(answeredAt - sent);
            answered.put(id, answeredAt);
        } else {
            requestSent.put(id, sent);
        }
    }

    private void prediction(String requestId, long now) {
        Long sent = requestSent.remove(requestId);
        if (sent != null) {
            requestLatencies.add(now - sent);
            answered.put(requestId, now);
        } else if (!answered.containsKey(requestId) && !answeredBeforeSeen.containsKey(requestId)) {
            // Its request is not read yet: the latency is taken when it is.
            answeredBeforeSeen.put(requestId, now);
        }
    }

    /**
     * Remembers the latest ids only: a request's predictions all arrive within moments of each other. Small enough to
     * fill within the first seconds of the soak, so the watcher's own memory does not grow through the run.
     */
    private static Map<String, Long> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > 2_000;
            }
        };
    }

    private void event(PipelineEvent event) {
        Map<String, String> attributes = event.getAttributes();
        if (event.getType() == EventType.MODEL_PUBLISHED) {
            windowEndByVersion.put(attributes.get("version"), Long.parseLong(attributes.get("windowEnd")));
        } else if (event.getType() == EventType.MODEL_LOADED) {
            modelsLoaded++;
            Long windowEnd = windowEndByVersion.remove(attributes.get("version"));
            if (windowEnd != null) {
                freshness.add(event.getTime().toEpochMilli() - windowEnd);
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
