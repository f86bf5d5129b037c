package io.streamtrain.core.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Binds Kafka clients' metrics to Micrometer's global registry for the life of a service, tagged with the
 * pipeline and service; {@link #close()} unbinds them. Closing is idempotent.
 */
public final class KafkaMeters implements AutoCloseable {

    private final Tags tags;
    private final List<AutoCloseable> bindings = new ArrayList<>();

    public KafkaMeters(String pipeline, String service) {
        this.tags = Tags.of("pipeline", pipeline, "service", service);
    }

    /** Binds a producer's metrics; returns it for chaining. */
    public synchronized <K, V> Producer<K, V> bind(Producer<K, V> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer, tags);
        metrics.bindTo(PrometheusScrape.globalRegistry());
        bindings.add(metrics);
        return producer;
    }

    /** Binds a consumer's metrics; returns it for chaining. */
    public synchronized <K, V> Consumer<K, V> bind(Consumer<K, V> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, tags);
        metrics.bindTo(PrometheusScrape.globalRegistry());
        bindings.add(metrics);
        return consumer;
    }

    /** Adds any other binding to close with this one, for example Kafka Streams' metrics. */
    public synchronized void add(AutoCloseable binding) {
        bindings.add(binding);
    }

    /** The tags every binding carries. */
    public Tags tags() {
        return tags;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable binding : bindings) {
            try {
                binding.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot unbind Kafka metrics " + tags, e);
            }
        }
        bindings.clear();
    }
}
