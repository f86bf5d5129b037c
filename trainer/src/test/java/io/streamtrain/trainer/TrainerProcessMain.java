package io.streamtrain.trainer;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.ml.train.BatchTrainer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * A trainer with the real {@link BatchTrainer} in a JVM of its own, so that a test can kill it with SIGKILL: no
 * shutdown hook, no finished transaction, no group left. Arguments: a properties file with the pipeline's settings.
 * Runs with the file's {@code trainer.} keys and the tests' {@link TestPipeline#FAST_TRAINER} settings over them, until
 * it is killed.
 */
public final class TrainerProcessMain {

    private TrainerProcessMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            properties.load(reader);
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        TrainerService trainer = new TrainerService(new TrainerConfig(PipelineDefinition.of(new PipelineConfig(settings)).with(TestPipeline.FAST_TRAINER)),
                new BatchTrainer()::train, Clock.systemUTC());
        trainer.start(Duration.ofSeconds(60));
        System.out.println("trainer started");
        // Runs until the test kills this JVM (SIGKILL: no shutdown hook, no close).
        new CountDownLatch(1).await();
    }
}
