package io.streamtrain.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.launcher.runtime.ObserverConsumer;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows a pipeline's events, predictions and dead-letter topics and keeps the counts a person wants to
 * see: windows closed, models published, dead-lettered records and predictions per model version.
 * Event lines are handed to a sink as they arrive.
 */
public final class PipelineWatcher implements AutoCloseable {

    private static final Set<EventType> SHOWN = Set.of(EventType.WINDOW_CLOSED, EventType.BATCH_SKIPPED,
            EventType.MODEL_PUBLISHED, EventType.MODEL_REJECTED, EventType.MODEL_LOADED, EventType.MODEL_REFUSED,
            EventType.DRIFT_DETECTED, EventType.RETRAIN_REQUESTED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineTopics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroMessageCodec<PipelineEvent> events = AvroMessageCodec.of(PipelineEvent.class);
    private final Consumer<String> sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final Map<EventType, Long> eventCounts = new HashMap<>();
    private final SortedMap<Long, Long> predictionsByVersion = new TreeMap<>();
    private long deadLetters;

    public PipelineWatcher(Map<String, Object> clientProperties, PipelineTopics topics, Consumer<String> sink) {
        this.topics = topics;
        this.sink = sink;
        Map<String, Object> properties = ObserverConsumer.settings(clientProperties);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(properties);
        this.thread = Thread.ofPlatform().name("pipeline-watcher").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** One status line: counts so far. */
    public synchronized String status() {
        return "windows closed " + eventCounts.getOrDefault(EventType.WINDOW_CLOSED, 0L)
                + " | models published " + eventCounts.getOrDefault(EventType.MODEL_PUBLISHED, 0L)
                + " | dead-lettered " + deadLetters
                + " | predictions by model version " + (predictionsByVersion.isEmpty() ? "none yet" : predictionsByVersion);
    }

    public synchronized long eventCount(EventType type) {
        return eventCounts.getOrDefault(type, 0L);
    }

    public synchronized SortedMap<Long, Long> predictionsByVersion() {
        return new TreeMap<>(predictionsByVersion);
    }

    private void run() {
        try {
            var partitions = List.of(topics.events(), topics.predictions(), topics.deadLetters()).stream()
                    .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll: stop quietly.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        if (record.topic().equals(topics.events())) {
            acceptEvent(record.value());
        } else if (record.topic().equals(topics.predictions())) {
            acceptPrediction(record.value());
        } else {
            synchronized (this) {
                deadLetters++;
            }
        }
    }

    private void acceptEvent(byte[] value) {
        PipelineEvent event;
        try {
            event = events.decode(value);
        } catch (SerializationException e) {
            sink.accept("unreadable event: " + e.getMessage());
            return;
        }
        synchronized (this) {
            eventCounts.merge(event.getType(), 1L, Long::sum);
        }
        if (SHOWN.contains(event.getType())) {
            sink.accept("[" + event.getSource() + "] " + event.getMessage());
        }
    }

    private void acceptPrediction(byte[] value) {
        try {
            JsonNode prediction = JSON.readTree(value);
            long version = prediction.path("modelVersion").asLong(-1);
            synchronized (this) {
                predictionsByVersion.merge(version, 1L, Long::sum);
            }
        } catch (IOException e) {
            sink.accept("unreadable prediction: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
