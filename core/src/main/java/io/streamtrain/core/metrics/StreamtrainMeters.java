package io.streamtrain.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * streamtrain's own meters, each named and described once. They live in Micrometer's global registry
 * ({@link PrometheusScrape#globalRegistry()}), so
 * every service in a process records into the same place without passing a registry through its
 * constructors; {@link PrometheusScrape} exposes them with the Kafka clients' metrics. Every meter is tagged
 * with its {@code pipeline}; meters of one service instance also carry {@code instance}.
 */
public final class StreamtrainMeters {

    /** Input records read by the streams-app. */
    public static final String RECORDS_IN = "streamtrain.records.in";
    /** Windows closed and emitted as micro-batches. */
    public static final String WINDOWS_CLOSED = "streamtrain.windows.closed";
    /** Records sent to the dead-letter topic, tagged with the service that refused them. */
    public static final String DEAD_LETTERED = "streamtrain.dead.lettered";
    /** Time to train and evaluate one model. */
    public static final String TRAINING_DURATION = "streamtrain.training.duration";
    /** Model version published (trainer) or served (scorer instance). */
    public static final String MODEL_VERSION = "streamtrain.model.version";
    /** Predictions made, tagged with the path that asked ({@code topic} or {@code rest}). */
    public static final String PREDICTIONS = "streamtrain.predictions";
    /** Time to score one request, tagged like {@link #PREDICTIONS}. */
    public static final String SCORING_LATENCY = "streamtrain.scoring.latency";

    /** Population stability index of one feature of the scored traffic against the served model's baseline. */
    public static final String FEATURE_DRIFT = "streamtrain.drift.feature.psi";
    /** Population stability index of the served model's predictions against its test-split predictions. */
    public static final String PREDICTION_DRIFT = "streamtrain.drift.prediction.psi";
    /** Live accuracy of one model version from late labels (classification). */
    public static final String LIVE_ACCURACY = "streamtrain.live.accuracy";
    /** Live root mean squared error of one model version from late labels (regression). */
    public static final String LIVE_RMSE = "streamtrain.live.rmse";

    /** Rows held in a trainer's training horizons (gauge). */
    public static final String HORIZON_ROWS = "streamtrain.horizon.rows";
    /** Windows held in a trainer's training horizons (gauge). */
    public static final String HORIZON_WINDOWS = "streamtrain.horizon.windows";
    /** Bytes per row of a trainer's training horizons in their columnar form (gauge). */
    public static final String HORIZON_BYTES_PER_ROW = "streamtrain.horizon.bytes.per.row";
    /** Share of the horizon's rows the last fit used after sampling (gauge; 1 when nothing was sampled out). */
    public static final String HORIZON_SAMPLING_RATIO = "streamtrain.horizon.sampling.ratio";

    private static final Map<Tags, AtomicLong> VERSIONS = new ConcurrentHashMap<>();
    /** Values of the double gauges by name and tags; the gauges keep only weak references to them. */
    private static final Map<Meter.Id, GaugeValue> VALUES = new ConcurrentHashMap<>();

    private StreamtrainMeters() {
    }

    public static Counter recordsIn(String pipeline) {
        return Counter.builder(RECORDS_IN).description("Input records read by the streams-app")
                .tag("pipeline", pipeline).register(registry());
    }

    /**
     * Counted where a window becomes whole: by the streams-app for a window it closes (one input partition), by the
     * trainer for a window it assembles from the input partitions' parts.
     */
    public static Counter windowsClosed(String pipeline) {
        return Counter.builder(WINDOWS_CLOSED).description("Windows closed and emitted as micro-batches")
                .tag("pipeline", pipeline).register(registry());
    }

    /** @param service the refusing service, {@code streams-app} or {@code scorer} */
    public static Counter deadLettered(String pipeline, String service) {
        return Counter.builder(DEAD_LETTERED).description("Records sent to the dead-letter topic")
                .tags("pipeline", pipeline, "service", service).register(registry());
    }

    public static Timer trainingDuration(String pipeline) {
        return Timer.builder(TRAINING_DURATION).description("Time to train and evaluate one model")
                .tag("pipeline", pipeline).register(registry());
    }

    /**
     * The holder of a model version gauge; set it to the version published or served.
     *
     * @param instance {@code trainer} or the scorer's instance id
     */
    public static AtomicLong modelVersion(String pipeline, String instance) {
        Tags tags = Tags.of("pipeline", pipeline, "instance", instance);
        // The gauge keeps only a weak reference: the map holds the value for the life of the process.
        return VERSIONS.computeIfAbsent(tags, key -> {
            AtomicLong version = new AtomicLong();
            Gauge.builder(MODEL_VERSION, version, AtomicLong::get)
                    .description("Model version published by the trainer or served by a scorer instance")
                    .tags(key).register(registry());
            return version;
        });
    }

    /** @param path {@code topic} or {@code rest} */
    public static Counter predictions(String pipeline, String instance, String path) {
        return Counter.builder(PREDICTIONS).description("Predictions made")
                .tags("pipeline", pipeline, "instance", instance, "path", path).register(registry());
    }

    /** @param path {@code topic} or {@code rest} */
    public static Timer scoringLatency(String pipeline, String instance, String path) {
        return Timer.builder(SCORING_LATENCY).description("Time to score one request")
                .tags("pipeline", pipeline, "instance", instance, "path", path).register(registry());
    }

    /**
     * The PSI gauge of {@code feature}; NaN until the first drift check of the served model version.
     *
     * @param instance the scorer's instance id
     */
    public static GaugeValue featureDrift(String pipeline, String instance, String feature) {
        return gauge(FEATURE_DRIFT, "PSI of a feature of the scored traffic against the served model's training distribution",
                Tags.of("pipeline", pipeline, "instance", instance, "feature", feature));
    }

    /** The PSI gauge of the predictions; NaN until the first drift check of the served model version. */
    public static GaugeValue predictionDrift(String pipeline, String instance) {
        return gauge(PREDICTION_DRIFT, "PSI of the served model's predictions against its test-split predictions",
                Tags.of("pipeline", pipeline, "instance", instance));
    }

    /** The live accuracy gauge of model {@code version}, measured by scorer {@code instance}. */
    public static GaugeValue liveAccuracy(String pipeline, String instance, long version) {
        return gauge(LIVE_ACCURACY, "Accuracy of a model version's predictions against late labels",
                Tags.of("pipeline", pipeline, "instance", instance, "version", String.valueOf(version)));
    }

    /** The live RMSE gauge of model {@code version}, measured by scorer {@code instance}. */
    public static GaugeValue liveRmse(String pipeline, String instance, long version) {
        return gauge(LIVE_RMSE, "Root mean squared error of a model version's predictions against late labels",
                Tags.of("pipeline", pipeline, "instance", instance, "version", String.valueOf(version)));
    }

    /** The gauge of rows held in the training horizons of {@code pipeline}'s trainer. */
    public static GaugeValue horizonRows(String pipeline) {
        return gauge(HORIZON_ROWS, "Rows held in the trainer's training horizons", Tags.of("pipeline", pipeline));
    }

    /** The gauge of windows held in the training horizons of {@code pipeline}'s trainer. */
    public static GaugeValue horizonWindows(String pipeline) {
        return gauge(HORIZON_WINDOWS, "Windows held in the trainer's training horizons", Tags.of("pipeline", pipeline));
    }

    /** The gauge of bytes per row of the training horizons of {@code pipeline}'s trainer (columnar form). */
    public static GaugeValue horizonBytesPerRow(String pipeline) {
        return gauge(HORIZON_BYTES_PER_ROW, "Bytes per row of the trainer's training horizons in their columnar form",
                Tags.of("pipeline", pipeline));
    }

    /** The gauge of the share of the horizon's rows that the last fit of {@code pipeline} used after sampling. */
    public static GaugeValue horizonSamplingRatio(String pipeline) {
        return gauge(HORIZON_SAMPLING_RATIO, "Share of the horizon's rows the last fit used after sampling",
                Tags.of("pipeline", pipeline));
    }

    /** Removes the live quality gauges of model {@code version}, so versions no longer watched leave the scrape. */
    public static void removeLiveQuality(String pipeline, String instance, long version) {
        Tags tags = Tags.of("pipeline", pipeline, "instance", instance, "version", String.valueOf(version));
        for (String name : new String[] {LIVE_ACCURACY, LIVE_RMSE}) {
            Meter.Id id = new Meter.Id(name, tags, null, null, Meter.Type.GAUGE);
            if (VALUES.remove(id) != null) {
                registry().remove(id);
            }
        }
    }

    private static GaugeValue gauge(String name, String description, Tags tags) {
        // The gauge keeps only a weak reference: the map holds the value for the life of the process.
        return VALUES.computeIfAbsent(new Meter.Id(name, tags, null, null, Meter.Type.GAUGE), id -> {
            GaugeValue value = new GaugeValue();
            Gauge.builder(name, value, GaugeValue::get).description(description).tags(tags).register(registry());
            return value;
        });
    }

    private static MeterRegistry registry() {
        return PrometheusScrape.globalRegistry();
    }
}
