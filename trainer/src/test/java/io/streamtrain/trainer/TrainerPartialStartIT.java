package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.core.testing.CountingInterceptor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A start that fails part-way releases every client it opened before: the n-th Kafka client the trainer creates while
 * it starts (producer, models consumer, history consumer, batch consumer) fails, as its interceptor refuses to be
 * configured, and every client made before it must have been closed again, the Admin clients included (no Kafka client
 * of the pipeline is left registered).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TrainerPartialStartIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "client {0} fails")
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldCloseEveryClientItOpenedWhenTheNthFails(int failing) throws Exception {
        CountingInterceptor.reset(failing);
        String name = "partial-" + failing;
        try (TestPipeline pipeline = new TestPipeline(broker.bootstrapServers(), name,
                Map.of("kafka.interceptor.classes", CountingInterceptor.class.getName()))) {
            TrainerService trainer = pipeline.trainer(new FakeTrainer(), Map.of());

            assertThatThrownBy(() -> trainer.start(Duration.ofSeconds(60))).hasStackTraceContaining(CountingInterceptor.REFUSAL);

            assertThat(CountingInterceptor.OPENED.get()).as("clients made before the failing one").isEqualTo(failing - 1);
            assertThat(CountingInterceptor.CLOSED.get()).as("of them closed again").isEqualTo(failing - 1);
            assertThat(registeredClients(name)).as("Kafka clients of the pipeline still registered").isEmpty();
            trainer.close();
        }
    }

    /**
     * The client ids of the trainer's Kafka clients (producers, consumers, Admin clients) of the pipeline open in this JVM;
     * the test's own clients have ids of Kafka's making.
     */
    private static List<String> registeredClients(String pipeline) throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.*:type=app-info,*"), null).stream()
                .map(bean -> bean.getKeyProperty("id")).filter(id -> id != null && id.startsWith("streamtrain-") && id.contains(pipeline + "-")).toList();
    }
}
