package io.streamtrain.dashboard.data;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a pipeline's drift from its events: listens to the {@link PipelineActivity}'s events, keeps the latest
 * {@code DRIFT_REPORT} (attributes {@code modelVersion}, {@code records}, {@code threshold}, {@code psi.<feature>},
 * {@code predictionPsi}, {@code labels}, {@code liveAccuracy} or {@code liveRmse}) and the latest
 * {@code DRIFT_DETECTED} message per model version, the PSI of every report of the last hour and the latest
 * {@code RETRAIN_REQUESTED} events, and sets the report beside the version's test-split metrics. A report may be
 * partial ({@code complete=false}, {@code records} of {@code windowRecords}): the PSI so far while the window fills.
 * A report whose figures do not parse is logged and skipped. Thread-safe.
 */
public final class DriftTracker implements Consumer<EventView> {

    private static final Logger LOG = LoggerFactory.getLogger(DriftTracker.class);
    private static final String PSI_PREFIX = "psi.";
    private static final int DETECTIONS_KEPT = 16;
    /** Most reports in the PSI chart: an hour of reports at the fastest interval the page is useful for (5 s). */
    static final int HISTORY_KEPT = 720;
    /** How far back the PSI chart reaches from the newest report. */
    static final long HISTORY_SPAN_MILLIS = 3_600_000;
    static final int RETRAINS_KEPT = 20;

    private final String pipeline;
    private final Supplier<List<ModelVersionRow>> versions;
    private EventView latestReport;
    private final Map<Long, String> detections = new LinkedHashMap<>();
    private final Deque<DriftPoint> history = new ArrayDeque<>();
    private final Deque<RetrainRequest> retrains = new ArrayDeque<>();

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
                    DriftView view = parse(event, null);
                    latestReport = event;
                    remember(view);
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
            case "RETRAIN_REQUESTED" -> {
                retrains.addLast(new RetrainRequest(event.time(), event.source(), Objects.toString(event.attribute("modelVersion"), ""),
                        Objects.toString(event.attribute("cause"), ""), event.message()));
                while (retrains.size() > RETRAINS_KEPT) {
                    retrains.removeFirst();
                }
            }
            default -> {
                // Other events say nothing about drift.
            }
        }
    }

    /** The PSI of every report over the last hour, oldest first. */
    public synchronized List<DriftPoint> history() {
        return List.copyOf(history);
    }

    /** The latest retrain requests the scorers made on drift or poor live quality, oldest first. */
    public synchronized List<RetrainRequest> retrainRequests() {
        return List.copyOf(retrains);
    }

    private void remember(DriftView view) {
        history.addLast(new DriftPoint(view.reportedAt(), view.modelVersion(), view.records(), view.complete(), view.featurePsi(),
                view.predictionPsi()));
        while (history.size() > HISTORY_KEPT || history.getFirst().at() < view.reportedAt() - HISTORY_SPAN_MILLIS) {
            history.removeFirst();
        }
    }

    /**
     * One report's figures, for the chart of PSI over time.
     *
     * @param at            epoch milliseconds of the report
     * @param records       scored records in the window when reported
     * @param complete      whether the window was full
     * @param predictionPsi null when the report has none
     */
    public record DriftPoint(long at, long modelVersion, long records, boolean complete, Map<String, Double> featurePsi,
                             Double predictionPsi) {
        public DriftPoint {
            featurePsi = Map.copyOf(featurePsi);
        }
    }

    /**
     * A {@code RETRAIN_REQUESTED} event: a scorer asked for an early window close.
     *
     * @param at           epoch milliseconds
     * @param modelVersion the version found unfit; empty when not said
     * @param cause        {@code feature-drift}, {@code prediction-drift}, {@code live-accuracy} or {@code live-rmse}
     */
    public record RetrainRequest(long at, String source, String modelVersion, String cause, String message) {
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
        long records = Long.parseLong(required(report, "records"));
        String window = report.attribute("windowRecords");
        long windowRecords = window == null ? 0 : Long.parseLong(window);
        boolean complete = !"false".equals(report.attribute("complete"));
        return new DriftView(report.source(), report.time(), version, records, windowRecords, complete, threshold, featurePsi,
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
