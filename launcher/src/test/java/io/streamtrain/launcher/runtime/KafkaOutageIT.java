package io.streamtrain.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.demo.DemoPipeline;
import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.launcher.health.Readiness;
import io.streamtrain.launcher.health.RunReadiness;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.trainer.TrainerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services of a run while their Kafka cluster goes away and comes back: an embedded broker on a data directory is
 * stopped and started again (on the same ports, which it remembers there), and the streams-app, trainer and scorer must
 * notice (readiness turns 503 within the bound, liveness stays), carry on when it is back (readiness 200, new models
 * trained and served, requests answered), and stop within their timeouts while it is gone.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaOutageIT {

    private static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(3);
    private static final Duration SERVICE_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Without Kafka each service waits 2 s at most for work that needs it, plus a second or two to close its clients:
     * three services, well under the sum of their configured timeouts (15 s here, 90 s by default).
     */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(15);
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final Set<ServiceKind> SERVICES = EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER, ServiceKind.SCORER);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldTurnNotReadyWhileKafkaIsGoneCarryOnWhenItIsBackAndStopInTimeWithoutIt(@TempDir Path brokerData,
                                                                                    @TempDir Path stateDir) throws Exception {
        EmbeddedBrokerSettings brokerSettings = EmbeddedBrokerSettings.defaults().withDataDir(brokerData);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerSettings);
        String bootstrap = broker.bootstrapServers();
        DeploymentDefinition definition = definition(bootstrap, stateDir);
        RunReadiness readiness = new RunReadiness(definition.names(), SERVICES);
        Deployment deployment = Deployment.start(definition, SERVICES, null, Duration.ofMinutes(1));
        DemoProducer traffic = null;
        try {
            readiness.serving(deployment);
            PipelineRuntime pipeline = deployment.pipeline(DemoPipeline.NAME);
            String predictions = pipeline.pipeline().topics().predictions();
            int httpPort = deployment.scorerHttpPort().orElseThrow();
            traffic = new DemoProducer(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    pipeline.pipeline().topics(), new DemoTraffic(300, 10, 2, 0.0, 0.5, 7L, Duration.ofHours(1)), Clock.systemUTC());
            traffic.start();
            await().atMost(STEP).until(() -> servedVersion(httpPort) > 0 && readiness.get().isReady() && status(httpPort, "ready") == 200);
            long versionBefore = servedVersion(httpPort);

            long lost = System.nanoTime();
            broker.close();
            await().atMost(UNREACHABLE_AFTER.plusSeconds(10)).until(() -> !readiness.get().isReady() && status(httpPort, "ready") == 503);
            Duration noticed = Duration.ofNanos(System.nanoTime() - lost);
            // Each service probes on its own schedule: all of them are down within the bound and a probe interval.
            await().atMost(UNREACHABLE_AFTER.plusSeconds(10)).untilAsserted(() ->
                    assertThat(readiness.get().services().values()).containsOnly(Readiness.ServiceState.DOWN));
            assertThat(readiness.get().status()).isEqualTo(Readiness.Status.DOWN);
            assertThat(deployment.isHealthy()).as("liveness stays up while Kafka is away").isTrue();
            assertThat(status(httpPort, "live")).isEqualTo(200);
            // The bound runs from the last answer, which may come up to one probe (a third of the bound) before the stop.
            assertThat(noticed).as("readiness holds for the bound").isGreaterThanOrEqualTo(UNREACHABLE_AFTER.multipliedBy(2).dividedBy(3));

            broker = EmbeddedKafkaBroker.start(brokerSettings);
            assertThat(broker.bootstrapServers()).as("the broker comes back where its clients look").isEqualTo(bootstrap);
            long answeredBefore = committedEnd(bootstrap, predictions);
            await().atMost(STEP).until(() -> readiness.get().isReady() && status(httpPort, "ready") == 200);
            await().atMost(STEP).until(() -> servedVersion(httpPort) > versionBefore);
            await().atMost(STEP).until(() -> committedEnd(bootstrap, predictions) > answeredBefore);

            traffic.close();
            traffic = null;
            broker.close();
            // The short close applies to a service once it has missed Kafka for the bound: wait until every one has.
            await().atMost(UNREACHABLE_AFTER.plusSeconds(10)).untilAsserted(() ->
                    assertThat(readiness.get().services().values()).containsOnly(Readiness.ServiceState.DOWN));
            long closing = System.nanoTime();
            deployment.close();
            Duration closed = Duration.ofNanos(System.nanoTime() - closing);
            assertThat(closed).as("shutdown without Kafka").isLessThan(CLOSE_BOUND);
        } finally {
            if (traffic != null) {
                traffic.close();
            }
            deployment.close();
            broker.close();
        }
    }

    private static DeploymentDefinition definition(String bootstrap, Path stateDir) {
        Map<String, String> configuration = new HashMap<>(DemoPipeline.configuration(Duration.ofSeconds(3), 0, 0));
        configuration.put("kafka.bootstrap.servers", bootstrap);
        configuration.put("streams.state.dir", stateDir.toString());
        configuration.put(PipelineConfig.HEALTH_KAFKA_UNREACHABLE_MS_CONFIG, String.valueOf(UNREACHABLE_AFTER.toMillis()));
        configuration.put(PipelineConfig.TRAIN_MIN_RECORDS_CONFIG, "50");
        configuration.put(StreamsAppConfig.CLOSE_TIMEOUT_MS_CONFIG, String.valueOf(SERVICE_CLOSE_TIMEOUT.toMillis()));
        configuration.put(TrainerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, String.valueOf(SERVICE_CLOSE_TIMEOUT.toMillis()));
        configuration.put(ScorerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, String.valueOf(SERVICE_CLOSE_TIMEOUT.toMillis()));
        // A member that vanished with the broker is noticed soon after it is back.
        configuration.put("kafka.session.timeout.ms", "10000");
        return new DeploymentDefinition(List.of(PipelineDefinition.of("kafka-outage-it", configuration)));
    }

    /** The version the scorer serves, from its REST API; 0 before the first model or when it does not answer. */
    private static long servedVersion(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/pipelines/" + DemoPipeline.NAME + "/model"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()).path("version").asLong() : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The status of {@code GET /health/<which>} on the scorer's REST API; 0 when it does not answer. */
    private static int status(int port, String which) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/" + which))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Committed predictions so far: the read-committed end offsets of the topic, summed over its partitions. */
    private static long committedEnd(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                    .values().stream().mapToLong(info -> info.offset()).sum();
        }
    }
}
