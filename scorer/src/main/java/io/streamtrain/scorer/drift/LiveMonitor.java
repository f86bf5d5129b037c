package io.streamtrain.scorer.drift;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.Prediction;
import io.streamtrain.scorer.events.EventSink;
import io.streamtrain.scorer.labels.LiveQuality;
import io.streamtrain.scorer.labels.PendingPredictions;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.serve.ScoredRecordListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches the served model on live traffic: drift of scored records against the model's baseline
 * ({@link DriftMonitor}), and live quality from late labels joined with recent predictions
 * ({@link PendingPredictions}, {@link LiveQuality}). Crossing a threshold fires the {@link RetrainTrigger};
 * while traffic flows, a {@code DRIFT_REPORT} event with every PSI and the live quality is published at most
 * every {@code reportIntervalMillis}, also while the drift window fills (then with the PSI so far, {@code records}
 * of {@code windowRecords} and {@code complete=false}), so that a pipeline whose model changes before the window is
 * full still shows its drift.
 *
 * <p>Thread-safe: the scoring thread calls {@link #scored}, the label reader {@link #labelled}, the REST API the
 * accessors.
 */
public final class LiveMonitor implements ScoredRecordListener {

    private final DriftSettings settings;
    private final CurrentModel current;
    private final RetrainTrigger trigger;
    private final EventSink events;
    private final PipelineEvents factory;
    private final Clock clock;
    private final DriftMonitor drift;
    private final PendingPredictions pending;
    private final LiveQuality quality = new LiveQuality();
    private final DriftMeters meters;
    private long lastReportMillis;
    /** The version whose drift the meters show; read and written by the scoring thread only. */
    private long meteredVersion = -1;

    public LiveMonitor(DriftSettings settings, CurrentModel current, RetrainTrigger trigger, EventSink events,
                       PipelineEvents factory, DriftMeters meters, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.current = Objects.requireNonNull(current, "current");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.events = Objects.requireNonNull(events, "events");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.drift = new DriftMonitor(settings.windowRecords(), settings.checkIntervalRecords(), settings.psiThreshold());
        this.pending = new PendingPredictions(settings.maxPending(), settings.joinWindowMillis());
        this.lastReportMillis = clock.millis();
    }

    @Override
    public void scored(CleanRecord record, Prediction prediction, ScoringModel model) {
        if (settings.labelsEnabled()) {
            pending.remember(record.getRecordId(), model.version(), prediction.getLabel(), prediction.getValue(), clock.millis());
        }
        if (settings.driftEnabled()) {
            if (model.version() != meteredVersion) {
                meteredVersion = model.version();
                meters.versionChanged();
            }
            Object predicted = prediction.getLabel() != null ? prediction.getLabel() : prediction.getValue();
            Optional<DriftSnapshot> snapshot = drift.observe(record, predicted, model);
            if (snapshot.isPresent()) {
                checked(snapshot.get());
            }
        }
    }

    /** A labelled input record arrived: joins it with its prediction, if one waits, and checks live quality. */
    public void labelled(String recordId, Object label) {
        Optional<PendingPredictions.Pending> prediction = pending.take(recordId, clock.millis());
        if (prediction.isEmpty()) {
            return;
        }
        LiveQuality.VersionQuality updated = quality.record(prediction.get(), label);
        meters.qualityChanged(updated);
        long version = updated.modelVersion();
        boolean served = current.current().map(m -> m.version() == version).orElse(false);
        if (served && updated.labels() >= settings.minLabels()) {
            checkQuality(updated);
        }
    }

    /** The settings the monitor runs with. */
    public DriftSettings settings() {
        return settings;
    }

    /** Drift of the current window. */
    public DriftMonitor drift() {
        return drift;
    }

    /** Predictions waiting for labels, and what became of the others. */
    public PendingPredictions.Counts labelCounts() {
        return pending.counts();
    }

    /** Live quality per model version. */
    public LiveQuality quality() {
        return quality;
    }

    private void checked(DriftSnapshot snapshot) {
        // The gauges are what alerts read: they carry judged windows only, not the noisy PSI of a few records.
        if (snapshot.complete()) {
            meters.checked(snapshot);
        }
        if (snapshot.drifted()) {
            fireOnDrift(snapshot);
        }
        long now = clock.millis();
        synchronized (this) {
            if (now - lastReportMillis < settings.reportIntervalMillis()) {
                return;
            }
            lastReportMillis = now;
        }
        events.publish(factory.event(EventType.DRIFT_REPORT, reportLine(snapshot), reportAttributes(snapshot)));
    }

    private void fireOnDrift(DriftSnapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        String message;
        String cause;
        if (!snapshot.driftedFeatures().isEmpty()) {
            String feature = snapshot.driftedFeatures().getFirst();
            double psi = snapshot.featurePsi().get(feature);
            cause = "feature-drift";
            details.put("feature", feature);
            details.put("psi", psi);
            details.put("driftedFeatures", String.join(",", snapshot.driftedFeatures()));
            message = "Feature " + feature + " drifted under model version " + snapshot.modelVersion() + ": PSI " + format(psi)
                    + " > " + format(snapshot.psiThreshold()) + " over the last " + snapshot.records() + " scored records";
        } else {
            cause = "prediction-drift";
            details.put("psi", snapshot.predictionPsi());
            message = "Predictions of model version " + snapshot.modelVersion() + " drifted: PSI " + format(snapshot.predictionPsi())
                    + " > " + format(snapshot.psiThreshold()) + " over the last " + snapshot.records() + " scored records";
        }
        details.put("threshold", snapshot.psiThreshold());
        details.put("predictionPsi", snapshot.predictionPsi());
        details.put("records", snapshot.records());
        trigger.fire(snapshot.modelVersion(), cause, message, details);
    }

    private void checkQuality(LiveQuality.VersionQuality live) {
        double minAccuracy = settings.minAccuracy();
        double maxRmse = settings.maxRmse();
        if (minAccuracy > 0 && live.accuracy().isPresent() && live.accuracy().getAsDouble() < minAccuracy) {
            double accuracy = live.accuracy().getAsDouble();
            trigger.fire(live.modelVersion(), "live-accuracy", "Live accuracy of model version " + live.modelVersion() + " fell to "
                    + format(accuracy) + " < " + format(minAccuracy) + " over " + live.labels() + " late labels",
                    Map.of("accuracy", accuracy, "threshold", minAccuracy, "labels", live.labels()));
        } else if (maxRmse > 0 && live.rmse().isPresent() && live.rmse().getAsDouble() > maxRmse) {
            double rmse = live.rmse().getAsDouble();
            trigger.fire(live.modelVersion(), "live-rmse", "Live RMSE of model version " + live.modelVersion() + " rose to "
                    + format(rmse) + " > " + format(maxRmse) + " over " + live.labels() + " late labels",
                    Map.of("rmse", rmse, "threshold", maxRmse, "labels", live.labels()));
        }
    }

    private String reportLine(DriftSnapshot snapshot) {
        if (!snapshot.complete()) {
            return "Drift of model version " + snapshot.modelVersion() + " so far: " + snapshot.records() + " of "
                    + snapshot.windowRecords() + " scored records, not judged until the window is full; highest feature PSI "
                    + format(snapshot.featurePsi().values().stream().mapToDouble(Double::doubleValue).max().orElse(0))
                    + ", prediction PSI " + format(snapshot.predictionPsi());
        }
        return "Drift of model version " + snapshot.modelVersion() + " over the last " + snapshot.records() + " scored records: "
                + (snapshot.drifted() ? "drifted " + snapshot.driftedFeatures() : "no feature above PSI " + format(snapshot.psiThreshold()))
                + ", prediction PSI " + format(snapshot.predictionPsi());
    }

    private Map<String, Object> reportAttributes(DriftSnapshot snapshot) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("modelVersion", snapshot.modelVersion());
        attributes.put("records", snapshot.records());
        attributes.put("windowRecords", snapshot.windowRecords());
        attributes.put("complete", snapshot.complete());
        attributes.put("threshold", snapshot.psiThreshold());
        snapshot.featurePsi().forEach((feature, psi) -> attributes.put("psi." + feature, psi));
        attributes.put("predictionPsi", snapshot.predictionPsi());
        quality.of(snapshot.modelVersion()).ifPresent(live -> {
            attributes.put("labels", live.labels());
            live.accuracy().ifPresent(accuracy -> attributes.put("liveAccuracy", accuracy));
            live.rmse().ifPresent(rmse -> attributes.put("liveRmse", rmse));
        });
        return attributes;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
