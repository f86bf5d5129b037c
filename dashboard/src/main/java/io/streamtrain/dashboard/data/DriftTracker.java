package io.streamtrain.dashboard.data;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a pipeline's drift from its events: listens to the {@link PipelineActivity}'s events, keeps the latest
 * {@code DRIFT_REPORT} (attributes {@code modelVersion}, {@code records}, {@code threshold}, {@code psi.<feature>},
 * {@code predictionPsi}, {@code labels}, {@code liveAccuracy} or {@code liveRmse}) and the latest
 * {@code DRIFT_DETECTED} message per model version, and sets the report beside the version's test-split metrics.
 * A report whose figures do not parse is logged and skipped. Thread-safe.
 */
public final class DriftTracker implements Consumer<EventView> {

    private static final Logger LOG = LoggerFactory.getLogger(DriftTracker.class);
    private static final String PSI_PREFIX = "psi.";
    private static final int DETECTIONS_KEPT = 16;

    private final String pipeline;
    private final Supplier<List<ModelVersionRow>> versions;
    private EventView latestReport;
    private final Map<Long, String> detections = new LinkedHashMap<>();

    /** @param versions the pipeline's model versions with their test-split metrics ({@link PipelineActivity#versions}) */
    public DriftTracker(String pipeline, Supplier<List<ModelVersionRow>> versions) {
        this.pipeline = pipeline;
        this.versions = versions;
    }

    @Override
    public synchronized void accept(EventView event) {
        switch (event.type()) {
            case "DRIFT_REPORT" -> {
                try {
                    parse(event, "");
                    latestReport = event;
                } catch (NumberFormatException e) {
                    LOG.warn("Skipped a drift report of pipeline {} from {}: a figure is not a number ({})", pipeline, event.source(),
                            e.getMessage());
                }
            }
            case "DRIFT_DETECTED" -> {
                String version = event.attribute("modelVersion");
                if (version != null && version.matches("\\d{1,18}")) {
                    detections.put(Long.parseLong(version), event.message());
                    if (detections.size() > DETECTIONS_KEPT) {
                        detections.remove(detections.keySet().iterator().next());
                    }
                }
            }
            default -> {
                // Other events say nothing about drift.
            }
        }
    }

    /** The latest report beside its version's test-split metric; empty before the first report. */
    public Optional<DriftView> current() {
        EventView report;
        String detection;
        synchronized (this) {
            if (latestReport == null) {
                return Optional.empty();
            }
            report = latestReport;
            detection = detections.get(Long.parseLong(report.attribute("modelVersion")));
        }
        return Optional.of(parse(report, detection));
    }

    private DriftView parse(EventView report, String detection) {
        long version = Long.parseLong(required(report, "modelVersion"));
        double threshold = Double.parseDouble(required(report, "threshold"));
        Map<String, Double> featurePsi = new LinkedHashMap<>();
        report.attributes().entrySet().stream().filter(entry -> entry.getKey().startsWith(PSI_PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> featurePsi.put(entry.getKey().substring(PSI_PREFIX.length()), Double.parseDouble(entry.getValue())));
        List<String> drifted = featurePsi.entrySet().stream().filter(entry -> entry.getValue() > threshold)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).map(Map.Entry::getKey).toList();
        String liveName = report.attribute("liveAccuracy") != null ? "liveAccuracy" : report.attribute("liveRmse") != null ? "liveRmse" : null;
        Map<String, Double> testMetrics = testMetrics(version);
        String metric = liveName != null ? (liveName.equals("liveAccuracy") ? "accuracy" : "rmse")
                : testMetrics.containsKey("accuracy") ? "accuracy" : testMetrics.containsKey("rmse") ? "rmse" : null;
        String labels = report.attribute("labels");
        return new DriftView(report.source(), report.time(), version, Long.parseLong(required(report, "records")), threshold, featurePsi,
                number(report, "predictionPsi"), drifted, labels == null ? 0 : Long.parseLong(labels), metric,
                liveName == null ? null : number(report, liveName), metric == null ? null : testMetrics.get(metric), detection);
    }

    private Map<String, Double> testMetrics(long version) {
        return versions.get().stream().filter(row -> row.version() == version).findFirst().map(ModelVersionRow::metrics).orElse(Map.of());
    }

    private static String required(EventView report, String attribute) {
        String value = report.attribute(attribute);
        if (value == null) {
            throw new NumberFormatException("attribute " + attribute + " is missing");
        }
        return value;
    }

    private static Double number(EventView report, String attribute) {
        String value = report.attribute(attribute);
        return value == null ? null : Double.valueOf(value);
    }
}
