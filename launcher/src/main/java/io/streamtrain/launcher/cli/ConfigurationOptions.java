package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.ConfigSources;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that read a pipeline configuration. */
public final class ConfigurationOptions {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Properties file with the pipeline, service and kafka.* keys; STREAMTRAIN_* environment variables override it.")
    Path configFile;

    /** The file's keys with environment overrides applied. */
    Map<String, String> load() {
        return ConfigSources.load(configFile, System.getenv());
    }
}
