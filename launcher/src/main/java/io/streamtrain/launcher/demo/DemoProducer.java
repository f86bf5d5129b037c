package io.streamtrain.launcher.demo;

import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the demo: labelled records (Avro and JSON, a few malformed) to the input topic and unlabeled
 * score requests to the score-request topic, paced in ticks of 100 ms on its own thread.
 */
public final class DemoProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoProducer.class);
    private static final int TICKS_PER_SECOND = 10;

    private final PipelineTopics topics;
    private final DemoTraffic traffic;
    private final DriftingChurnProcess process;
    private final KafkaProducer<String, byte[]> producer;
    private final FixedRateTicker ticker;
    private final SplittableRandom random;
    private final Clock clock;
    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong malformedSent = new AtomicLong();
    private final AtomicLong requestsSent = new AtomicLong();
    private final AtomicLong recordsAcknowledged = new AtomicLong();
    private final AtomicLong requestsAcknowledged = new AtomicLong();
    private long nextId;

    public DemoProducer(Map<String, Object> clientProperties, PipelineTopics topics, DemoTraffic traffic, Clock clock) {
        this.topics = topics;
        this.traffic = traffic;
        this.clock = clock;
        this.process = new DriftingChurnProcess(traffic.seed(), clock.instant(), traffic.driftPeriod(), 0.02, 0.02);
        this.random = new SplittableRandom(traffic.seed() + 1);
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "streamtrain-demo-producer");
        this.producer = new KafkaProducer<>(properties);
        this.ticker = new FixedRateTicker("demo-producer");
    }

    /** Starts sending; returns at once. */
    public void start() {
        ticker.start(Duration.ofMillis(1000 / TICKS_PER_SECOND), this::tick);
    }

    public long recordsSent() {
        return recordsSent.get();
    }

    public long malformedSent() {
        return malformedSent.get();
    }

    public long requestsSent() {
        return requestsSent.get();
    }

    /**
     * Input records the broker acknowledged: what is certainly on the input topic. Fewer than {@link #recordsSent()}
     * while sends are in flight, and for good when the broker stayed away past the producer's delivery timeout.
     */
    public long recordsAcknowledged() {
        return recordsAcknowledged.get();
    }

    /** Score requests the broker acknowledged; see {@link #recordsAcknowledged()}. */
    public long requestsAcknowledged() {
        return requestsAcknowledged.get();
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (int i = 0; i < perTick(traffic.recordsPerSecond()); i++) {
                sendRecord(now);
            }
            for (int i = 0; i < perTick(traffic.requestsPerSecond()); i++) {
                sendRequest(now);
            }
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule; the next tick tries again.
            LOG.warn("demo producer tick failed: {}", e.toString());
        }
    }

    private int perTick(int perSecond) {
        int whole = perSecond / TICKS_PER_SECOND;
        int remainder = perSecond % TICKS_PER_SECOND;
        return whole + (random.nextInt(TICKS_PER_SECOND) < remainder ? 1 : 0);
    }

    private void sendRecord(Instant now) {
        String id = "r" + (nextId++);
        byte[] value;
        if (random.nextDouble() < traffic.malformedRate()) {
            value = malformed(id);
            malformedSent.incrementAndGet();
        } else {
            DemoRecord record = process.next(id, now, true);
            value = random.nextDouble() < traffic.avroShare() ? DemoRecordEncoder.avro(record) : DemoRecordEncoder.json(record);
        }
        producer.send(new ProducerRecord<>(topics.records(), id, value), countIfAcknowledged(recordsAcknowledged));
        recordsSent.incrementAndGet();
    }

    private void sendRequest(Instant now) {
        String requestId = "q" + requestsSent.incrementAndGet();
        List<DemoRecord> records = new ArrayList<>(traffic.recordsPerRequest());
        for (int i = 0; i < traffic.recordsPerRequest(); i++) {
            records.add(process.next(requestId + "-" + i, now, false));
        }
        producer.send(new ProducerRecord<>(topics.scoreRequests(), requestId, DemoRecordEncoder.scoreRequest(requestId, records)),
                countIfAcknowledged(requestsAcknowledged));
    }

    private static Callback countIfAcknowledged(AtomicLong acknowledged) {
        return (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                LOG.debug("demo producer send failed: {}", exception.toString());
            }
        };
    }

    private byte[] malformed(String id) {
        return switch (random.nextInt(3)) {
            case 0 -> ("{\"id\": \"" + id + "\", \"monthlySpend\": ").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"id\": \"" + id + "\", \"monthlySpend\": \"lots\", \"label\": \"churn\"}").getBytes(StandardCharsets.UTF_8);
            default -> ("{\"id\": \"" + id + "\", \"monthlySpend\": 12.5}").getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    public void close() {
        ticker.close();
        producer.close(Duration.ofSeconds(5));
    }
}
