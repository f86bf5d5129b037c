package io.streamtrain.streams;

import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.PipelineDefinition;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the streams-app on its own: {@code StreamsApp [pipeline.properties]}, with {@code STREAMTRAIN_*}
 * environment variables overriding the file (see {@link ConfigSources}). {@code kafka.bootstrap.servers}
 * must name a cluster on which the pipeline's topics exist. Stops gracefully on SIGTERM or Ctrl-C.
 */
public final class StreamsApp {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private StreamsApp() {
    }

    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: StreamsApp [pipeline.properties]");
            System.exit(2);
        }
        Path file = args.length == 1 ? Path.of(args[0]) : null;
        PipelineDefinition definition = PipelineDefinition.of(file == null ? "the environment" : file.toString(),
                ConfigSources.load(file, System.getenv()));
        StreamsAppService service = new StreamsAppService(new StreamsAppConfig(definition));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "streams-app-shutdown"));
        service.start(START_TIMEOUT);
    }
}
