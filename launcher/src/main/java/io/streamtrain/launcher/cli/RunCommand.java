package io.streamtrain.launcher.cli;

import io.streamtrain.launcher.runtime.PipelineRuntime;
import io.streamtrain.launcher.runtime.ServiceKind;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs one or more services of a pipeline until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs services of one pipeline until Ctrl-C or SIGTERM: streams-app, trainer, scorer, or all.",
                "With kafka.bootstrap.servers set they use that cluster; otherwise the embedded broker is started."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Parameters(arity = "1..*", paramLabel = "SERVICE", description = "streams-app, trainer, scorer or all.")
    List<String> services;

    @Mixin
    ConfigurationOptions options;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker, used when kafka.bootstrap.servers is not set (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Option(names = "--startup-timeout", paramLabel = "ISO-8601", defaultValue = "PT2M",
            description = "How long each service may take to start (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Override
    public Integer call() throws Exception {
        Set<ServiceKind> kinds = EnumSet.noneOf(ServiceKind.class);
        for (String service : services) {
            if (service.equals("all")) {
                kinds.addAll(EnumSet.allOf(ServiceKind.class));
            } else {
                kinds.add(ServiceKind.fromCliName(service));
            }
        }
        try (UntilStopped stop = new UntilStopped();
             PipelineRuntime runtime = PipelineRuntime.start(options.load(), kinds, dataDir, startupTimeout)) {
            LOG.info("running {} of pipeline {}; Ctrl-C stops", kinds, runtime.pipeline().pipelineName());
            while (!stop.await(Duration.ofSeconds(5))) {
                if (!runtime.isHealthy()) {
                    LOG.error("a service failed: {}; stopping", runtime.health());
                    return 1;
                }
            }
        }
        return 0;
    }
}
