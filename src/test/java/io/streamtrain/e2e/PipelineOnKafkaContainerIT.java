package io.streamtrain.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end scenario against an external cluster: a single-node KRaft broker from the official
 * {@code apache/kafka} image, of the Kafka version streamtrain's clients come from (the system property
 * {@value #IMAGE_PROPERTY} names another image). Skipped, not failed, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineOnKafkaContainerIT extends PipelineEndToEndScenario {

    static final String IMAGE_PROPERTY = "streamtrain.it.kafka.image";

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse(
            System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion())))
            // As on the embedded broker: the pipeline creates its topics on purpose, a typo must not create one.
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");

    /** With an external cluster the runtime keeps Kafka Streams' state where configured; each run starts empty. */
    @TempDir
    private Path streamsState;

    @Override
    protected Map<String, String> clusterConfiguration() {
        return Map.of(
                "kafka.bootstrap.servers", KAFKA.getBootstrapServers(),
                "streams.state.dir", streamsState.toString());
    }
}
