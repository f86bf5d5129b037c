package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.launcher.health.HealthServer;
import io.streamtrain.launcher.health.RunReadiness;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.launcher.runtime.PipelineRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one or more services of a pipeline until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs services of one or more pipelines until Ctrl-C or SIGTERM: streams-app, trainer, scorer, dashboard, or all of them.",
                "Several --config files (or a folder of them) run their pipelines side by side, isolated by their topics; "
                        + "one scorer REST API serves them all.",
                "With kafka.bootstrap.servers (or --bootstrap-server) set they use that cluster; otherwise the embedded broker is "
                        + "started on free ports of 127.0.0.1, its models are signed with the development key pair (see 'keys'), and "
                        + "the client commands (produce, score, models, dlq, topics) on this machine find both without options.",
                "Ports: the scorer's REST API listens on scorer.http.port (default 8080; -1: none), each pipeline's dashboard on "
                        + "dashboard.port (default 0: a free port), the health endpoint on --health-port (default: none). "
                        + "The addresses are printed once everything runs.",
                "With --health-port, GET /health/live answers 200 while the process runs and GET /health/ready 200 while every "
                        + "service runs, is healthy and has reached Kafka within health.kafka.unreachable.ms (503 with a JSON body "
                        + "naming the others otherwise), and GET /metrics the process's Prometheus metrics.",
                "With --data-dir the embedded broker keeps its ports there and comes back on them when restarted, so clients "
                        + "of its earlier run reconnect."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Parameters(arity = "1..*", paramLabel = "SERVICE", description = "streams-app, trainer, scorer, dashboard or all.")
    List<String> services;

    @Mixin
    ConfigurationOptions options;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker, used when kafka.bootstrap.servers is not set (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long each service may take to start (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Spec
    CommandSpec spec;

    /** Null: no health endpoint. */
    Integer healthPort;

    @Option(names = "--health-port", paramLabel = "PORT",
            description = {"Serve GET /health/live, GET /health/ready and GET /metrics on this port, on --health-host; 0 picks a free port and logs it.",
                    "Default: no health endpoint, so several instances can share a host without choosing ports."})
    void healthPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--health-port must be between 0 and 65535, not " + port);
        }
        healthPort = port;
    }

    @Option(names = "--health-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = {"The address the health endpoint listens on. Default: ${DEFAULT-VALUE} (this host only); "
                    + "0.0.0.0 serves every interface, e.g. for probes from outside a container."})
    String healthHost;

    @Override
    public Integer call() throws Exception {
        Set<ServiceKind> kinds = requestedServices();
        DeploymentDefinition definition = options.deployment();
        requireReachableCluster(definition);
        RunReadiness readiness = new RunReadiness(definition.names(), kinds);
        // The health endpoint comes up first, so liveness holds while the services start, and goes down last.
        try (UntilStopped stop = new UntilStopped();
             HealthServer health = startHealthServer(readiness);
             Deployment deployment = Deployment.start(definition, kinds, dataDir, startupTimeout)) {
            readiness.serving(deployment);
            printAddresses(kinds, deployment, health);
            try {
                return awaitStop(stop, deployment);
            } finally {
                readiness.stopping();
            }
        }
    }

    /**
     * Fails within {@link ClusterCheck#TIMEOUT}, naming the address, when the run is pointed at a cluster that does not
     * answer, rather than each service retrying until its start-up timeout. The embedded broker needs no check.
     */
    private static void requireReachableCluster(DeploymentDefinition definition) {
        KafkaClientSettings cluster = definition.pipelines().getFirst().kafka();
        if (cluster.bootstrapServers().isPresent()) {
            ClusterCheck.requireReachable(cluster.properties());
        }
    }

    private Set<ServiceKind> requestedServices() {
        Set<ServiceKind> kinds = EnumSet.noneOf(ServiceKind.class);
        for (String service : services) {
            if (service.equals("all")) {
                kinds.addAll(EnumSet.allOf(ServiceKind.class));
            } else {
                kinds.add(ServiceKind.fromCliName(service));
            }
        }
        return kinds;
    }

    /** Tells the user, after the services' start-up logs, every address the run serves. */
    private void printAddresses(Set<ServiceKind> kinds, Deployment deployment, HealthServer health) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("streamtrain run: %s of pipeline%s %s running; Ctrl-C stops%n",
                String.join(", ", kinds.stream().map(ServiceKind::cliName).toList()),
                deployment.pipelines().size() == 1 ? "" : "s",
                String.join(", ", deployment.pipelines().stream().map(p -> p.pipeline().pipelineName()).toList()));
        out.printf("  Kafka:      %s%n", deployment.clientProperties().get("bootstrap.servers"));
        deployment.scorerHttpPort().ifPresent(port -> {
            out.printf("  REST API:   http://127.0.0.1:%d/v1/pipelines (OpenAPI: /openapi.json)%n", port);
            out.printf("  metrics:    http://127.0.0.1:%d/metrics (Prometheus)%n", port);
        });
        for (PipelineRuntime pipeline : deployment.pipelines()) {
            pipeline.dashboardPort().ifPresent(port -> out.printf("  dashboard:  http://127.0.0.1:%d/ (%s)%n", port,
                    pipeline.pipeline().pipelineName()));
        }
        if (health != null) {
            out.printf("  health:     http://127.0.0.1:%d%s%n", health.port(), HealthServer.READY_PATH);
        }
        out.flush();
    }

    /** The health endpoint, or null (nothing to close) without --health-port. */
    private HealthServer startHealthServer(RunReadiness readiness) {
        if (healthPort == null) {
            return null;
        }
        try {
            return HealthServer.start(new InetSocketAddress(healthHost, healthPort), readiness);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve health checks on " + healthHost + ":" + healthPort + " (--health-host, --health-port): " + e.getMessage(), e);
        }
    }

    /** 0 once a stop is requested, 1 as soon as a service has failed. */
    private static int awaitStop(UntilStopped stop, Deployment deployment) throws InterruptedException {
        while (!stop.await(Duration.ofSeconds(5))) {
            if (!deployment.isHealthy()) {
                LOG.error("a service failed: {}; stopping", deployment.health());
                return 1;
            }
        }
        return 0;
    }
}
