package io.streamtrain.launcher.cli;

import ch.qos.logback.classic.Level;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.launcher.demo.DemoPipeline;
import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.launcher.demo.PipelineWatcher;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.scorer.ScorerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the whole pipeline on the embedded broker with a demo producer, printing what happens. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the embedded broker, streams-app, trainer and scorer in this JVM, fed by a producer whose data drifts over time.",
                "Prints every closed window, published and loaded model, and a status line with predictions per model version. Stops on Ctrl-C or after --duration."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long, for example 2m (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10s",
            description = "Micro-batch window length in event time (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--records-per-second", defaultValue = "500", description = "Labelled records per second (default: ${DEFAULT-VALUE}).")
    int recordsPerSecond;

    @Option(names = "--requests-per-second", defaultValue = "5", description = "Score requests per second, 4 records each (default: ${DEFAULT-VALUE}).")
    int requestsPerSecond;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "10s", description = "Status line interval (default: ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the scorer's REST API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--dashboard-port", defaultValue = "8090",
            description = "Port of the web dashboard; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--verbose", description = "Also print the services' own log lines (default: only the demo's summary and warnings).")
    boolean verbose;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the embedded broker's data here (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (!verbose && !spec.commandLine().getParseResult().hasMatchedOption("--log-level")) {
            // The demo prints what matters itself; services still show their warnings, Kafka its errors.
            LogLevels.set(Level.WARN, "io.streamtrain");
            LogLevels.set(Level.ERROR, "org.apache.kafka", "kafka");
        }
        DemoTraffic defaults = DemoTraffic.defaults();
        DemoTraffic traffic = new DemoTraffic(recordsPerSecond, requestsPerSecond, defaults.recordsPerRequest(),
                defaults.malformedRate(), defaults.avroShare(), defaults.seed(), defaults.driftPeriod());
        try (UntilStopped stop = new UntilStopped()) {
            out.println("streamtrain demo: starting the embedded broker and the pipeline ...");
            String adminToken = newAdminToken();
            Map<String, String> configuration = new HashMap<>(DemoPipeline.configuration(window, httpPort, dashboardPort));
            // A token made for this run, printed below: the registry's actions (rollback, pin) work in the demo and stay
            // closed to anyone who did not start it.
            configuration.put(DashboardConfig.ADMIN_TOKEN_CONFIG, adminToken);
            configuration.put(ScorerConfig.ADMIN_TOKEN_CONFIG, adminToken);
            DeploymentDefinition definition = new DeploymentDefinition(
                    List.of(PipelineDefinition.of("demo", configuration)));
            try (Deployment runtime = Deployment.start(definition, EnumSet.allOf(ServiceKind.class), dataDir, Duration.ofSeconds(90));
                 PipelineWatcher watcher = new PipelineWatcher(runtime.clientProperties(), topics(runtime), out::println);
                 DemoProducer producer = new DemoProducer(runtime.clientProperties(), topics(runtime), traffic, Clock.systemUTC())) {
                out.printf("streamtrain demo: running on %s; windows of %ds; %d records/s in, %d score requests/s. Ctrl-C stops.%n",
                        runtime.clientProperties().get("bootstrap.servers"), window.toSeconds(), recordsPerSecond, requestsPerSecond);
                runtime.scorerHttpPort().ifPresent(port -> out.printf(
                        "streamtrain demo: scorer REST API at http://127.0.0.1:%d/v1/pipelines (OpenAPI: /openapi.json, metrics: /metrics)%n",
                        port));
                runtime.pipeline("demo").dashboardPort().ifPresent(port -> out.printf(
                        "streamtrain demo: dashboard at http://127.0.0.1:%d/ (Prometheus metrics: /metrics)%n", port));
                out.printf("streamtrain demo: admin token for rollback, pin and unpin (dashboard and REST API) this run: %s%n",
                        adminToken);
                watcher.start();
                producer.start();
                report(runtime, watcher, producer, stop, out);
                out.println("streamtrain demo: stopping ...");
            }
            out.println("streamtrain demo: stopped.");
        }
        return 0;
    }

    private static String newAdminToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static PipelineTopics topics(Deployment runtime) {
        return runtime.pipeline(DemoPipeline.NAME).pipeline().topics();
    }

    private void report(Deployment runtime, PipelineWatcher watcher, DemoProducer producer, UntilStopped stop, PrintStream out)
            throws InterruptedException {
        long started = System.nanoTime();
        while (!stop.stopRequested()) {
            long remaining = duration == null ? Long.MAX_VALUE : duration.toNanos() - (System.nanoTime() - started);
            if (remaining <= 0 || stop.await(Duration.ofNanos(Math.min(statusInterval.toNanos(), remaining)))) {
                break;
            }
            out.printf("status: records sent %d (%d malformed), score requests %d | %s%s%n",
                    producer.recordsSent(), producer.malformedSent(), producer.requestsSent(), watcher.status(),
                    runtime.isHealthy() ? "" : " | UNHEALTHY: " + runtime.health());
        }
    }
}
