package io.streamtrain.launcher.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The configuration of the demo pipeline: the bundled churn schema, short windows so models arrive quickly. */
public final class DemoPipeline {

    /** The demo pipeline's name, and so the prefix of its topics. */
    public static final String NAME = "demo";

    /** The smallest drift window the scorer takes ({@code scorer.drift.window.records}). */
    private static final long MIN_DRIFT_WINDOW = 50;
    /** The scorer's default drift window, the largest the demo uses. */
    private static final long MAX_DRIFT_WINDOW = 1000;

    private DemoPipeline() {
    }

    /** {@link #configuration(Duration, DemoTraffic, int, int)} for the demo's default traffic. */
    public static Map<String, String> configuration(Duration window, int httpPort, int dashboardPort) {
        return configuration(window, DemoTraffic.defaults(), httpPort, dashboardPort);
    }

    /**
     * The demo's keys. Windows are {@code window} long in event time (the producer stamps records with the
     * wall clock), wait a tenth of that for stragglers and close after half a window of silence. The
     * scorer's REST API listens on {@code httpPort} and the dashboard on {@code dashboardPort} (0: any free port).
     * No signing key is set: on the embedded broker the development key pair signs the models, so that
     * {@code streamtrain models} and {@code score} can verify them.
     *
     * <p>Drift is measured on a window of half the records {@code traffic} scores in one micro-batch window (at least
     * 50, at most the scorer's default of 1,000), checked four times per drift window and reported once per
     * micro-batch window. A model serves for about one micro-batch window before the next replaces it, and a new
     * version starts an empty drift window against its own baseline; with the scorer's default of 1,000 records the
     * demo's 20 scored records a second would never fill one, and the Drift page would only ever show partial PSI.
     */
    public static Map<String, String> configuration(Duration window, DemoTraffic traffic, int httpPort, int dashboardPort) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", NAME);
        configuration.put("window.size.ms", String.valueOf(window.toMillis()));
        configuration.put("window.grace.ms", String.valueOf(Math.max(100, window.toMillis() / 10)));
        configuration.put("window.idle.close.ms", String.valueOf(Math.max(1000, window.toMillis() / 2)));
        configuration.put("scorer.instance.id", "demo-1");
        configuration.put("scorer.http.port", String.valueOf(httpPort));
        configuration.put("dashboard.port", String.valueOf(dashboardPort));
        long driftWindow = driftWindowRecords(window, traffic);
        configuration.put("scorer.drift.window.records", String.valueOf(driftWindow));
        configuration.put("scorer.drift.check.interval.records", String.valueOf(Math.max(1, driftWindow / 4)));
        configuration.put("scorer.drift.report.interval.ms", String.valueOf(window.toMillis()));
        return configuration;
    }

    /** Half the records {@code traffic} scores in one {@code window}, within the scorer's drift window range. */
    static long driftWindowRecords(Duration window, DemoTraffic traffic) {
        long scoredPerWindow = (long) traffic.requestsPerSecond() * traffic.recordsPerRequest() * window.toMillis() / 1000;
        return Math.clamp(scoredPerWindow / 2, MIN_DRIFT_WINDOW, MAX_DRIFT_WINDOW);
    }
}
