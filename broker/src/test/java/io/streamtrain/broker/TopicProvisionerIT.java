package io.streamtrain.broker;

import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.core.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicProvisionerIT {

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void shouldCreateEveryPipelineTopicWithItsConfigsOnceOnly() throws Exception {
        List<TopicSpec> specs = PipelineTopics.defaultsFor("demo").specs(3);
        TopicProvisioner provisioner = new TopicProvisioner(admin);

        List<String> created = provisioner.ensureTopics(specs);
        List<String> createdAgain = provisioner.ensureTopics(specs);

        assertThat(created).containsExactlyElementsOf(specs.stream().map(TopicSpec::name).toList());
        assertThat(createdAgain).isEmpty();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(created).allTopicNames().get(10, TimeUnit.SECONDS);
        for (TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            assertThat(description.partitions()).as(spec.name()).hasSize(spec.partitions());
            assertThat(description.partitions().getFirst().replicas()).as(spec.name()).hasSize(1);
            Config config = topicConfig(spec.name());
            spec.configs().forEach((key, value) ->
                    assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
        }
    }

    @Test
    void shouldNameTheTopicAndKeyWhenAnExistingTopicHasAnotherCleanupPolicy() throws Exception {
        createVisibleTopic(new NewTopic("clash.models", 1, (short) 1).configs(Map.of("cleanup.policy", "delete")));
        TopicSpec models = PipelineTopics.defaultsFor("clash").specs(1).stream()
                .filter(s -> s.name().equals("clash.models"))
                .findFirst().orElseThrow();
        TopicSpec events = new TopicSpec("clash.events", 1, Map.of("cleanup.policy", "delete"));

        assertThatThrownBy(() -> new TopicProvisioner(admin).ensureTopics(List.of(events, models)))
                .isInstanceOf(TopicConfigMismatchException.class)
                .hasMessageContaining("clash.models")
                .hasMessageContaining("cleanup.policy=compact")
                .satisfies(e -> assertThat(((TopicConfigMismatchException) e).mismatches()).containsExactly(
                        new TopicConfigMismatchException.Mismatch("clash.models", "cleanup.policy", "compact",
                                "delete")));
        // Nothing is created when the check fails.
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("clash.events");
    }

    @Test
    void shouldCheckATopicThatWasCreatedJustBeforeLikeAnExistingOne() throws Exception {
        // Not waiting until it is listed: the provisioner may find it either listed or by losing the creation race.
        admin.createTopics(List.of(new NewTopic("race.models", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "delete")))).all().get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> new TopicProvisioner(admin).ensureTopics(
                List.of(new TopicSpec("race.models", 1, Map.of("cleanup.policy", "compact")))))
                .isInstanceOf(TopicConfigMismatchException.class)
                .hasMessageContaining("race.models");
    }

    @Test
    void shouldTreatCleanupPoliciesAsSets() throws Exception {
        createVisibleTopic(
                new NewTopic("both.policies", 1, (short) 1).configs(Map.of("cleanup.policy", "delete,compact")));

        List<String> created = new TopicProvisioner(admin).ensureTopics(
                List.of(new TopicSpec("both.policies", 1, Map.of("cleanup.policy", "compact, delete"))));

        assertThat(created).isEmpty();
    }

    @Test
    void shouldConnectWithItsOwnAdminClient() {
        try (TopicProvisioner provisioner = TopicProvisioner.connect(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                1, TopicProvisioner.DEFAULT_TIMEOUT)) {
            assertThat(provisioner.ensureTopics(List.of(new TopicSpec("own.admin", 2, Map.of()))))
                    .containsExactly("own.admin");
        }
    }

    /** Created by "someone else", and listed, so the provisioner finds it as an existing topic. */
    private static void createVisibleTopic(NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic.name()));
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
    }
}
