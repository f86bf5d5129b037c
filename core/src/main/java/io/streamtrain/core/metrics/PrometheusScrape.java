package io.streamtrain.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's Prometheus view of Micrometer's global registry: streamtrain's own meters
 * ({@link StreamtrainMeters}) and the Kafka clients' and Kafka Streams' metrics ({@link KafkaMeters}). The
 * Prometheus registry joins the global one once per process, before any meter is registered through
 * {@link #globalRegistry()}: a composite registry without members drops increments, so a registry joining
 * later would miss every count made before.
 */
public final class PrometheusScrape {

    /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final PrometheusMeterRegistry REGISTRY = install();

    private PrometheusScrape() {
    }

    /** Micrometer's global registry, with the Prometheus registry already in it; register every meter here. */
    public static MeterRegistry globalRegistry() {
        return Metrics.globalRegistry;
    }

    /** Every meter of this process in the Prometheus text format. */
    public static String scrape() {
        return REGISTRY.scrape();
    }

    private static PrometheusMeterRegistry install() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.addRegistry(registry);
        return registry;
    }
}
