package io.streamtrain.e2e;

import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.launcher.StreamtrainCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A service started as a user starts it, {@code streamtrain run <service> --config <config>}, in a child JVM. */
final class ServiceProcess {

    private ServiceProcess() {
    }

    static ChildJvm run(String service, Path config, Path log, Map<String, String> systemProperties) {
        return ChildJvm.start(StreamtrainCli.class.getName(), List.of("run", service, "--config", config.toString()), log,
                systemProperties);
    }
}
