package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.broker.testing.ClassBroker;
import io.streamtrain.core.testing.CountingInterceptor;
import io.streamtrain.core.testing.RegisteredKafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final ClassBroker BROKER = new ClassBroker();

    @ParameterizedTest(name = "client {0} fails")
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldCloseEveryClientItOpenedWhenTheNthFails(int failing) throws Exception {
        CountingInterceptor.reset(failing);
        String name = "partial-" + failing;
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), name,
                Map.of("kafka.interceptor.classes", CountingInterceptor.class.getName()))) {
            TrainerService trainer = pipeline.trainer(new FakeTrainer(), Map.of());

            assertThatThrownBy(() -> trainer.start(Duration.ofSeconds(60))).hasStackTraceContaining(CountingInterceptor.REFUSAL);

            assertThat(CountingInterceptor.OPENED.get()).as("clients made before the failing one").isEqualTo(failing - 1);
            assertThat(CountingInterceptor.CLOSED.get()).as("of them closed again").isEqualTo(failing - 1);
            // The test's own clients have ids of Kafka's making; the trainer's start with "streamtrain-".
            assertThat(RegisteredKafkaClients.of(name)).filteredOn(id -> id.startsWith("streamtrain-"))
                    .as("Kafka clients of the pipeline still registered").isEmpty();
            trainer.close();
        }
    }
}
