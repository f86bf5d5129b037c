package io.streamtrain.scorer.drift;

import io.streamtrain.core.metrics.GaugeValue;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.scorer.labels.LiveQuality;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes what the {@link LiveMonitor} measures as gauges of {@link StreamtrainMeters}: the PSI of each feature and
 * of the predictions at the latest check of a full drift window of the served version (NaN from a version's first
 * record until its window is full: partial checks go to {@code DRIFT_REPORT} events only), and live accuracy or RMSE of each model version whose live quality is kept. Thread-safe.
 */
public final class DriftMeters {

    private final String pipeline;
    private final String instance;
    private final Map<String, GaugeValue> featurePsi = new ConcurrentHashMap<>();
    private final GaugeValue predictionPsi;
    /** Versions with live quality gauges: the same as {@link LiveQuality} keeps, which drops the lowest first. */
    private final NavigableSet<Long> qualityVersions = new TreeSet<>();

    /** @param instance the scorer's instance id, as the model version gauge names it */
    public DriftMeters(String pipeline, String instance) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.predictionPsi = StreamtrainMeters.predictionDrift(pipeline, instance);
    }

    /** A new model version is served: its drift is not measured until its first check. */
    void versionChanged() {
        featurePsi.values().forEach(gauge -> gauge.set(Double.NaN));
        predictionPsi.set(Double.NaN);
    }

    /** The PSIs of a drift check. */
    void checked(DriftSnapshot snapshot) {
        snapshot.featurePsi().forEach((feature, psi) ->
                featurePsi.computeIfAbsent(feature, name -> StreamtrainMeters.featureDrift(pipeline, instance, name)).set(psi));
        predictionPsi.set(snapshot.predictionPsi());
    }

    /** The live quality of a version after a label. */
    synchronized void qualityChanged(LiveQuality.VersionQuality quality) {
        long version = quality.modelVersion();
        quality.accuracy().ifPresent(accuracy -> StreamtrainMeters.liveAccuracy(pipeline, instance, version).set(accuracy));
        quality.rmse().ifPresent(rmse -> StreamtrainMeters.liveRmse(pipeline, instance, version).set(rmse));
        if (qualityVersions.add(version) && qualityVersions.size() > LiveQuality.VERSIONS_KEPT) {
            StreamtrainMeters.removeLiveQuality(pipeline, instance, qualityVersions.pollFirst());
        }
    }
}
