package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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

    /** Counts the clients configured with it and closed, and refuses to be configured for the n-th. */
    public static final class CountingInterceptor implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

        static final String REFUSAL = "this client is made to fail";
        static final AtomicInteger OPENED = new AtomicInteger();
        static final AtomicInteger CLOSED = new AtomicInteger();
        private static final AtomicInteger MADE = new AtomicInteger();
        private static volatile int failing;
        /** Kafka also closes the instance whose configure threw: only instances that were configured count. */
        private boolean opened;

        static void reset(int failingClient) {
            OPENED.set(0);
            CLOSED.set(0);
            MADE.set(0);
            failing = failingClient;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            if (MADE.incrementAndGet() == failing) {
                throw new IllegalStateException(REFUSAL);
            }
            OPENED.incrementAndGet();
            opened = true;
        }

        @Override
        public void close() {
            if (opened) {
                CLOSED.incrementAndGet();
            }
        }

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }
    }
}
