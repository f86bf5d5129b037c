package io.streamtrain.bench.scoring;

import io.streamtrain.launcher.demo.FixedRateTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A steady stream of single-customer score requests, evenly spaced at a fixed rate, on its own thread. */
final class RequestTrickle implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final FixedRateTicker ticker;

    private RequestTrickle(KafkaProducer<byte[], byte[]> producer, FixedRateTicker ticker) {
        this.producer = producer;
        this.ticker = ticker;
    }

    /** Starts sending {@code perSecond} requests a second (at most 1000) to {@code topic}. */
    static RequestTrickle start(String bootstrapServers, String topic, int perSecond) {
        if (perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("the trickle sends 1 to 1000 requests a second, not " + perSecond);
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        FixedRateTicker ticker = new FixedRateTicker("bench-request-trickle");
        ScoreRequests requests = new ScoreRequests(1, 13);
        ticker.start(Duration.of(1_000_000 / perSecond, ChronoUnit.MICROS), () -> producer.send(new ProducerRecord<>(topic,
                requests.nextId().getBytes(StandardCharsets.UTF_8), requests.nextValue())));
        return new RequestTrickle(producer, ticker);
    }

    @Override
    public void close() {
        ticker.close();
        producer.close();
    }
}
