package io.streamtrain.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each test starts its own broker, so that a test counting threads or ports sees only its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LARGE_TOPIC_MAX_BYTES = 32 * 1024 * 1024;

    @Test
    void shouldRoundTripRecordsWithAcksAll() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            createTopic(broker, "plain", Map.of());

            try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("plain", "key-" + i, "value-" + i)).get();
                }
            }

            assertThat(readValues(broker, "plain", 5, Map.of()))
                    .containsExactly("value-0", "value-1", "value-2", "value-3", "value-4");
            assertThat(broker.isHealthy()).isTrue();
            assertThat(broker.failureCause()).isEmpty();
        }
    }

    @Test
    void shouldCommitAndAbortTransactionsOnOneNode() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            createTopic(broker, "transactional", Map.of());

            try (KafkaProducer<String, String> producer =
                         producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("transactional", "k", "committed"));
                producer.commitTransaction();
            }

            assertThat(readValues(broker, "transactional", 1,
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")))
                    .containsExactly("committed");
        }
    }

    @Test
    void shouldRoundTripA20MebibyteRecordOnATopicThatAllowsIt() throws Exception {
        byte[] payload = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            createTopic(broker, "large", Map.of("max.message.bytes", String.valueOf(LARGE_TOPIC_MAX_BYTES)));

            Map<String, Object> producerConfigs = clientConfigs(broker);
            producerConfigs.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfigs.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, LARGE_TOPIC_MAX_BYTES);
            producerConfigs.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * LARGE_TOPIC_MAX_BYTES);
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(producerConfigs, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("large", payload)).get();
            }

            Map<String, Object> consumerConfigs = clientConfigs(broker);
            consumerConfigs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfigs,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition("large", 0)));
                List<byte[]> values = new ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                    return !values.isEmpty();
                });
                assertThat(values.getFirst()).isEqualTo(payload);
            }
        }
    }

    @Test
    void shouldKeepDataWhenRestartedOnTheSameDirAndPort(@TempDir Path dataDir) throws Exception {
        restartWithARecordOnEachSide(dataDir, "durable", (settings, first) -> settings.withPort(first.port()),
                (first, second) -> assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers()));
        assertThat(dataDir).isDirectory();
    }

    @Test
    void shouldComeBackOnTheSamePortsWhenRestartedOnTheSameDirWithoutNamingThem(@TempDir Path dataDir) throws Exception {
        restartWithARecordOnEachSide(dataDir, "remembered", (settings, first) -> settings, (first, second) -> {
            assertThat(second.port()).isEqualTo(first.port());
            assertThat(second.controllerPort()).isEqualTo(first.controllerPort());
        });
    }

    @Test
    void shouldPreferPortsGivenInTheSettingsOverRememberedOnes(@TempDir Path dataDir) throws Exception {
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.defaults().withDataDir(dataDir);
        int firstPort;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(settings)) {
            firstPort = first.port();
        }
        int chosen = freePortOtherThan(firstPort);
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(settings.withPort(chosen))) {
            assertThat(second.port()).isEqualTo(chosen);
        }
        try (EmbeddedKafkaBroker third = EmbeddedKafkaBroker.start(settings)) {
            assertThat(third.port()).as("the last ports used are remembered").isEqualTo(chosen);
        }
    }

    @Test
    void shouldLeaveNoThreadPortOrTempDirBehindOnClose() throws IOException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
        Path dataDir = broker.dataDir();
        assertThat(dataDir).isDirectory();

        broker.close();
        broker.close();

        assertThat(broker.isHealthy()).isFalse();
        assertThat(Files.exists(dataDir)).isFalse();
        // A non-daemon thread left behind would keep the user's JVM from exiting. (Kafka's JVM-wide metrics threads
        // are daemons, made once per JVM.)
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet())
                        .filteredOn(thread -> !before.contains(thread) && !thread.isDaemon())
                        .extracting(Thread::getName)
                        .isEmpty());
        try (ServerSocket rebound = new ServerSocket(broker.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(rebound.isBound()).isTrue();
        }
    }

    private static int freePortOtherThan(int taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                if (socket.getLocalPort() != taken) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    /**
     * Sends a record to {@code topic} of a broker on {@code dataDir}, restarts the broker there with the settings
     * {@code restart} makes of the first ones, lets {@code check} compare the two brokers, then sends a second record with
     * the producer made before the restart, which knows only the old address and must reach the new broker by itself;
     * both records must be read back from the restarted broker.
     */
    private static void restartWithARecordOnEachSide(Path dataDir, String topic,
                                                     BiFunction<EmbeddedBrokerSettings, EmbeddedKafkaBroker, EmbeddedBrokerSettings> restart,
                                                     BiConsumer<EmbeddedKafkaBroker, EmbeddedKafkaBroker> check) throws Exception {
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.defaults().withDataDir(dataDir);
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(settings);
        try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
            createTopic(first, topic, Map.of());
            producer.send(new ProducerRecord<>(topic, "before restart")).get();
            first.close();

            try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(restart.apply(settings, first))) {
                check.accept(first, second);
                producer.send(new ProducerRecord<>(topic, "after restart")).get(30, TimeUnit.SECONDS);
                assertThat(readValues(second, topic, 2, Map.of())).containsExactly("before restart", "after restart");
            }
        } finally {
            first.close();
        }
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String name, Map<String, String> configs)
            throws Exception {
        try (Admin admin = Admin.create(clientConfigs(broker))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> configs = clientConfigs(broker);
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.putAll(extra);
        return new KafkaProducer<>(configs, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readValues(EmbeddedKafkaBroker broker, String topic, int count,
                                           Map<String, Object> extra) {
        Map<String, Object> configs = clientConfigs(broker);
        configs.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
        configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        configs.putAll(extra);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(configs, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= count;
            });
        }
        return values;
    }

    private static Map<String, Object> clientConfigs(EmbeddedKafkaBroker broker) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return configs;
    }
}
