package io.streamtrain.scorer.testing;

import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the scorer's broker tests share, as a JUnit extension on a static field
 * ({@code @RegisterExtension static final ScorerBroker kafka = new ScorerBroker();}): one {@link SharedBroker} for
 * the test class, scorer configurations on it with their topics created, and every scorer, reader or other client a
 * test opens through it closed after that test, last opened first.
 */
public final class ScorerBroker implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    /** How long {@link #start} waits for a scorer to read its models topic and open its API. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private SharedBroker kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = SharedBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kafka.close();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // A copy: reversed() is a view, which clear() would empty.
        List<AutoCloseable> opened = new ArrayList<>(resources.reversed());
        resources.clear();
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    public String bootstrapServers() {
        return kafka.broker().bootstrapServers();
    }

    public Admin admin() {
        return kafka.admin();
    }

    /** An {@code acks=all} producer of raw keys and values, open for the whole test class. */
    public KafkaProducer<byte[], byte[]> producer() {
        return kafka.producer();
    }

    /**
     * The configuration of a scorer of {@code pipeline} on this broker, with its topics created: instance
     * {@code instanceId}, the test signing key ({@link ModelSigning}), a 10 s shutdown timeout, then {@code settings}.
     */
    public ScorerConfig config(String pipeline, String instanceId, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("pipeline.name", pipeline);
        all.put("kafka.bootstrap.servers", bootstrapServers());
        all.put(ScorerConfig.INSTANCE_ID_CONFIG, instanceId);
        all.put(ScorerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, "10000");
        all.putAll(ModelSigning.settings());
        all.putAll(settings);
        ScorerConfig config = new ScorerConfig(PipelineDefinition.of("test", all));
        new TopicProvisioner(kafka.admin()).ensureTopics(config.pipeline().topics().specs(config.pipeline().inputPartitions()));
        return config;
    }

    /** Starts a scorer of {@code config}, waiting at most {@link #START_TIMEOUT}; closed after the test. */
    public ScorerService start(ScorerConfig config) {
        ScorerService scorer = closeAfterTest(new ScorerService(config, Clock.systemUTC()));
        scorer.start(START_TIMEOUT);
        return scorer;
    }

    /** A reader of {@code topic} from its beginning, closed after the test. */
    public TopicReader reader(String topic) {
        return closeAfterTest(new TopicReader(bootstrapServers(), topic));
    }

    /** Closes {@code resource} after the test, before anything opened earlier. */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Sends {@code record} and waits for the broker to acknowledge it. */
    public void send(ProducerRecord<byte[], byte[]> record) {
        try {
            kafka.producer().send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }
}
