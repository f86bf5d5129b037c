package io.streamtrain.launcher.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The configuration of the demo pipeline: the bundled churn schema, short windows so models arrive quickly. */
public final class DemoPipeline {

    /** The demo pipeline's name, and so the prefix of its topics. */
    public static final String NAME = "demo";

    private DemoPipeline() {
    }

    /**
     * The demo's keys. Windows are {@code window} long in event time (the producer stamps records with the
     * wall clock), wait a tenth of that for stragglers and close after half a window of silence. The
     * scorer's REST API listens on {@code httpPort} and the dashboard on {@code dashboardPort} (0: any free port).
     * No signing key is set: on the embedded broker the development key pair signs the models, so that
     * {@code streamtrain models} and {@code score} can verify them.
     */
    public static Map<String, String> configuration(Duration window, int httpPort, int dashboardPort) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", NAME);
        configuration.put("window.size.ms", String.valueOf(window.toMillis()));
        configuration.put("window.grace.ms", String.valueOf(Math.max(100, window.toMillis() / 10)));
        configuration.put("window.idle.close.ms", String.valueOf(Math.max(1000, window.toMillis() / 2)));
        configuration.put("scorer.instance.id", "demo-1");
        configuration.put("scorer.http.port", String.valueOf(httpPort));
        configuration.put("dashboard.port", String.valueOf(dashboardPort));
        return configuration;
    }
}
