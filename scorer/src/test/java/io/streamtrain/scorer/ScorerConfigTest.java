package io.streamtrain.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.scorer.api.HttpSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScorerConfigTest {

    @Test
    void shouldDeriveDefaultsFromThePipelineName() {
        ScorerConfig config = config(Map.of());

        assertThat(config.groupId()).isEqualTo("streamtrain-churn-scorer");
        assertThat(config.transactionalId()).isEqualTo("streamtrain-churn-scorer-" + config.instanceId());
        assertThat(config.maxPollRecords()).isEqualTo(10_000);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.pipeline().pipelineName()).isEqualTo("churn");
    }

    @Test
    void shouldServeRestOnLoopbackPort8080ByDefault() {
        ScorerConfig config = config(Map.of());
        HttpSettings http = config.http().orElseThrow();

        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.host()).isEqualTo("127.0.0.1");
        assertThat(http.maxBodyBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(http.maxBatchRecords()).isEqualTo(100_000);
        assertThat(http.stopTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(http.clients()).isEqualTo(new HttpSettings.ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 256));
        assertThat(config.adminToken()).isEmpty();
        assertThat(config.adminAllowUnauthenticated()).isFalse();
    }

    @Test
    void shouldBoundPerRequestTrainingByDefaultAndByItsKeys() {
        assertThat(config(Map.of()).http().orElseThrow().training()).isEqualTo(HttpSettings.RequestTraining.DEFAULT);
        assertThat(config(Map.of(ScorerConfig.HTTP_TRAIN_MAX_RECORDS_CONFIG, "500", ScorerConfig.HTTP_TRAIN_CONCURRENCY_CONFIG, "2",
                ScorerConfig.HTTP_TRAIN_TIMEOUT_MS_CONFIG, "1500")).http().orElseThrow().training())
                .isEqualTo(new HttpSettings.RequestTraining(500, 2, Duration.ofMillis(1500)));
        assertRefused(Map.of(ScorerConfig.HTTP_TRAIN_CONCURRENCY_CONFIG, "0"), ScorerConfig.HTTP_TRAIN_CONCURRENCY_CONFIG);
    }

    @Test
    void shouldTakeExplicitRestSettingsAndRunNoServerOnPortMinusOne() {
        HttpSettings http = config(Map.of(ScorerConfig.HTTP_PORT_CONFIG, "0", ScorerConfig.HTTP_HOST_CONFIG, " 127.0.0.1 ",
                ScorerConfig.HTTP_MAX_BODY_BYTES_CONFIG, "4096", ScorerConfig.HTTP_MAX_BATCH_RECORDS_CONFIG, "10",
                ScorerConfig.HTTP_IDLE_TIMEOUT_MS_CONFIG, "2000", ScorerConfig.HTTP_BODY_TIMEOUT_MS_CONFIG, "5000",
                ScorerConfig.HTTP_MAX_CONNECTIONS_CONFIG, "7")).http().orElseThrow();

        assertThat(http).isEqualTo(new HttpSettings("127.0.0.1", 0, 4096, 10, Duration.ofSeconds(15),
                new HttpSettings.ClientLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 7)));
        assertThat(config(Map.of(ScorerConfig.HTTP_HOST_CONFIG, "0.0.0.0")).http().orElseThrow().host()).isEqualTo("0.0.0.0");
        assertThat(config(Map.of(ScorerConfig.HTTP_PORT_CONFIG, "-1")).http()).isEmpty();
    }

    @Test
    void shouldRefuseBadRestSettingsNamingTheKey() {
        assertRefused(Map.of(ScorerConfig.HTTP_PORT_CONFIG, "-2"), ScorerConfig.HTTP_PORT_CONFIG);
        assertRefused(Map.of(ScorerConfig.HTTP_PORT_CONFIG, "65536"), ScorerConfig.HTTP_PORT_CONFIG);
        assertRefused(Map.of(ScorerConfig.HTTP_MAX_BODY_BYTES_CONFIG, "10"), ScorerConfig.HTTP_MAX_BODY_BYTES_CONFIG);
        assertRefused(Map.of(ScorerConfig.HTTP_MAX_BATCH_RECORDS_CONFIG, "0"), ScorerConfig.HTTP_MAX_BATCH_RECORDS_CONFIG);
        assertRefused(Map.of(ScorerConfig.HTTP_IDLE_TIMEOUT_MS_CONFIG, "0"), ScorerConfig.HTTP_IDLE_TIMEOUT_MS_CONFIG);
        assertRefused(Map.of(ScorerConfig.HTTP_MAX_CONNECTIONS_CONFIG, "0"), ScorerConfig.HTTP_MAX_CONNECTIONS_CONFIG);
    }

    @Test
    void shouldSizeTheScoringPoolByTheProcessorsUnlessScorerThreadsIsSet() {
        assertThat(config(Map.of()).threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config(Map.of(ScorerConfig.THREADS_CONFIG, "3")).threads()).isEqualTo(3);
        assertRefused(Map.of(ScorerConfig.THREADS_CONFIG, "-1"), ScorerConfig.THREADS_CONFIG);
    }

    @Test
    void shouldGenerateAUsableInstanceIdThatDiffersPerConfig() {
        String first = config(Map.of()).instanceId();
        String second = config(Map.of()).instanceId();

        assertThat(first).matches("[A-Za-z0-9._-]+-[0-9a-f]{8}");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void shouldUseExplicitValues() {
        ScorerConfig config = config(Map.of(
                ScorerConfig.INSTANCE_ID_CONFIG, "scorer-1",
                ScorerConfig.GROUP_ID_CONFIG, "my-group",
                ScorerConfig.TRANSACTIONAL_ID_PREFIX_CONFIG, "tx",
                ScorerConfig.MAX_POLL_RECORDS_CONFIG, "20",
                ScorerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, "2500"));

        assertThat(config.instanceId()).isEqualTo("scorer-1");
        assertThat(config.groupId()).isEqualTo("my-group");
        assertThat(config.transactionalId()).isEqualTo("tx-scorer-1");
        assertThat(config.maxPollRecords()).isEqualTo(20);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldRefuseBadScorerValuesNamingTheKey() {
        assertRefused(Map.of(ScorerConfig.INSTANCE_ID_CONFIG, "has space"), ScorerConfig.INSTANCE_ID_CONFIG);
        assertRefused(Map.of(ScorerConfig.MAX_POLL_RECORDS_CONFIG, "0"), ScorerConfig.MAX_POLL_RECORDS_CONFIG);
    }

    @Test
    void shouldRefuseClientSettingsThatWouldBreakExactlyOnce() {
        assertRefused(Map.of("kafka.group.id", "g"), "kafka.group.id", ScorerConfig.GROUP_ID_CONFIG);
        assertRefused(Map.of("kafka.transactional.id", "t"), "kafka.transactional.id", ScorerConfig.TRANSACTIONAL_ID_PREFIX_CONFIG);
        assertRefused(Map.of("kafka.max.poll.records", "5"), "kafka.max.poll.records", ScorerConfig.MAX_POLL_RECORDS_CONFIG);
        assertRefused(Map.of("kafka.enable.auto.commit", "true"), "kafka.enable.auto.commit", "false");
        assertRefused(Map.of("kafka.isolation.level", "read_uncommitted"), "kafka.isolation.level", "read_committed");
        assertRefused(Map.of("kafka.enable.idempotence", "false"), "kafka.enable.idempotence", "true");
    }

    @Test
    void shouldAcceptClientSettingsThatAgreeWithExactlyOnce() {
        ScorerConfig config = config(Map.of("kafka.isolation.level", "READ_COMMITTED", "kafka.enable.auto.commit", "false",
                "kafka.bootstrap.servers", "broker:9092"));

        assertThat(config.kafka().bootstrapServers()).contains("broker:9092");
    }

    @Test
    void shouldBuildClientSettingsWithTheRequiredOverrides() {
        ScorerClients clients = new ScorerClients(config(Map.of(ScorerConfig.INSTANCE_ID_CONFIG, "s1",
                "kafka.bootstrap.servers", "broker:9092", "kafka.auto.offset.reset", "latest", "kafka.group.instance.id", "static-1")));

        assertThat(clients.requestsConsumer())
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "streamtrain-churn-scorer")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-1")
                .containsEntry("bootstrap.servers", "broker:9092");
        assertThat(clients.modelsConsumer())
                .doesNotContainKeys(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        assertThat(clients.transactionalProducer())
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "streamtrain-churn-scorer-s1")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
        assertThat(clients.eventsProducer()).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }

    @Test
    void shouldBatchPredictionsInLargeBatchesUnlessTheUserSaysOtherwise() {
        assertThat(new ScorerClients(config(Map.of())).transactionalProducer())
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 100);
        assertThat(new ScorerClients(config(Map.of("kafka.batch.size", "16384", "kafka.linger.ms", "5"))).transactionalProducer())
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "16384")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5");
    }

    @Test
    void shouldFetchAWholePollPerPartitionUnlessTheUserSaysOtherwise() {
        assertThat(new ScorerClients(config(Map.of())).requestsConsumer())
                .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        assertThat(new ScorerClients(config(Map.of("kafka.max.partition.fetch.bytes", "1048576"))).requestsConsumer())
                .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576");
        assertThat(new ScorerClients(config(Map.of())).modelsConsumer())
                .doesNotContainKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG);
    }

    private static void assertRefused(Map<String, String> settings, String... mentioned) {
        assertThatThrownBy(() -> config(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll(mentioned);
    }

    private static ScorerConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("pipeline.name", "churn");
        return new ScorerConfig(PipelineDefinition.of("test", all));
    }
}
