package io.streamtrain.e2e;

import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.trainer.TrainerConfig;
import io.streamtrain.trainer.TrainerService;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A trainer process whose first fit never ends: it writes a marker file when the fit starts and then blocks, so a
 * test can kill the process in the middle of a fit. Arguments: the properties file of the pipeline, the marker file.
 */
public final class HangingTrainerMain {

    private HangingTrainerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> configuration = load(Path.of(args[0]));
        Path marker = Path.of(args[1]);
        TrainerService trainer = new TrainerService(new TrainerConfig(PipelineDefinition.of("test", configuration)),
                request -> {
                    HangingInterceptor.hang(marker, "fitting batch " + request.batchId());
                    throw new AssertionError("unreachable");
                }, Clock.systemUTC());
        trainer.start(Duration.ofSeconds(60));
        Thread.currentThread().join();
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> configuration = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> configuration.put(key, properties.getProperty(key)));
        return configuration;
    }
}
