package io.streamtrain.e2e;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.dashboard.data.DeadLetterLog;
import io.streamtrain.dashboard.data.DeadLetterView;
import io.streamtrain.dashboard.data.DriftTracker;
import io.streamtrain.dashboard.data.EventView;
import io.streamtrain.dashboard.data.PipelineActivity;
import io.streamtrain.dashboard.data.TopicTotals;
import io.streamtrain.dashboard.registry.RegistryActions;
import io.streamtrain.dashboard.registry.RegistryWrites;
import io.streamtrain.dashboard.web.DashboardServer;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.ModelEnvelope;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A dashboard of pipeline {@code demo} at its largest, without Kafka: the most versions it keeps, an hour of rate
 * samples, of drift reports and of dead letters, all made up from one real envelope, for timing page loads.
 */
final class LargeDashboard implements AutoCloseable {

    static final int VERSIONS = 1_000;
    /** An hour at the default refresh interval of 2 s. */
    static final int RATE_SAMPLES = 1_800;
    /** An hour of reports 5 s apart. */
    static final int DRIFT_REPORTS = 720;
    private static final int DEAD_LETTERS = 3_600;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final DashboardServer server;

    private LargeDashboard(DashboardServer server) {
        this.server = server;
    }

    /** Fills a dashboard with {@code template} renumbered 1 to {@link #VERSIONS} and an hour of history up to {@code now}. */
    static LargeDashboard of(ModelEnvelope template, long now) {
        PipelineActivity activity = new PipelineActivity("demo", 200);
        for (long version = 1; version <= VERSIONS; version++) {
            Map<String, Double> metrics = new HashMap<>(template.getMetrics());
            double wobble = (version % 37) / 1_000.0;
            metrics.replaceAll((name, value) -> value + wobble);
            activity.onHistory(ModelEnvelope.newBuilder(template).setVersion(version).setMetrics(metrics).build(), "it-key");
        }
        activity.onChampion(VERSIONS);
        long start = now - HOUR;
        for (int sample = 0; sample < RATE_SAMPLES; sample++) {
            activity.onTotals(new TopicTotals(sample * 1_000L, sample, sample * 40L, Map.of("demo-trainer", 1L), start + sample * 2_000L));
        }
        DriftTracker drift = new DriftTracker("demo", activity::versions);
        for (int report = 0; report < DRIFT_REPORTS; report++) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("modelVersion", String.valueOf(VERSIONS));
            attributes.put("records", "1000");
            attributes.put("windowRecords", "1000");
            attributes.put("threshold", "0.25");
            attributes.put("predictionPsi", "0.05");
            int column = 0;
            for (FeatureDefinition feature : template.getFeatureSchema().getFeatures()) {
                attributes.put("psi." + feature.getName(), String.valueOf(0.01 * (column++ + 1) * (1 + report % 10)));
            }
            drift.accept(new EventView("DRIFT_REPORT", "demo-1", start + report * 5_000L, "Drift report " + report, attributes));
        }
        DeadLetterLog deadLetters = new DeadLetterLog(100, Duration.ofHours(1));
        for (int letter = 0; letter < DEAD_LETTERS; letter++) {
            deadLetters.add(new DeadLetterView(start + letter * 1_000L, letter % 3 == 0 ? "undecodable" : "missing-label",
                    "made up for the page-load test", "streams-app", "demo.records", 0, letter * 100L, 0, letter,
                    120, "{\"id\":\"" + letter + "\",\"monthlySpend\":\"lots\"}"));
        }
        DashboardServer server = new DashboardServer(activity, drift, deadLetters, new RegistryActions(new NoWrites(), ""),
                new DashboardConfig(PipelineDefinition.of(new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "p"))).with(Map.of(DashboardConfig.PORT_CONFIG, "0"))));
        server.start();
        return new LargeDashboard(server);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** The page-load test writes nothing (the dashboard refuses the actions anyway without a token). */
    private static final class NoWrites implements RegistryWrites {

        @Override
        public void rollback(long version, String operator) {
            throw new UnsupportedOperationException("the page-load test writes nothing");
        }

        @Override
        public long pin(OptionalLong version, String operator, String reason) {
            throw new UnsupportedOperationException("the page-load test writes nothing");
        }

        @Override
        public void unpin(String operator, String reason) {
            throw new UnsupportedOperationException("the page-load test writes nothing");
        }

        @Override
        public void close() {
        }
    }
}
