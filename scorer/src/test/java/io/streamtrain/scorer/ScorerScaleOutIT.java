package io.streamtrain.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.serve.ScoringLoop;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.ModelSigning;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.ScorerBroker;
import io.streamtrain.scorer.testing.TopicReader;
import io.streamtrain.scorer.testing.TrainedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two scorer instances in one consumer group on a real embedded broker, scaled up and down while five new model
 * versions are published under load: every request is answered exactly once, by a published version, and no
 * instance's versions ever go backwards.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScorerScaleOutIT {

    private static final String PIPELINE = "scaleout";
    private static final int PARTITIONS = 6;
    private static final int VERSIONS = 6;
    private static final int REQUESTS_PER_CHUNK = 50;
    private static final int RECORDS_PER_REQUEST = 4;
    /** After this version is published, instance B is stopped while the chunk before it is still being scored. */
    private static final long STOP_B_AT_VERSION = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ScorerBroker kafka = new ScorerBroker();

    private final List<String> sentRecords = new ArrayList<>();
    private int chunks;

    @Test
    void shouldAnswerEveryRequestExactlyOnceWhileInstancesScaleAndModelsSwap() throws Exception {
        ScorerConfig configA = config("scorer-a");
        ScorerConfig configB = config("scorer-b");
        PipelineConfig pipeline = configA.pipeline();
        List<ModelEnvelope> models = LongStream.rangeClosed(1, VERSIONS)
                .mapToObj(version -> TrainedModels.train(pipeline, version, 100 + version)).toList();
        TopicReader predictions = kafka.reader(pipeline.topics().predictions());
        TopicReader events = kafka.reader(pipeline.topics().events());
        publish(pipeline, models.getFirst());
        ScorerService a = kafka.start(configA);
        RestClient rest = new RestClient(a.httpPort().orElseThrow());
        List<Long> restVersions = new ArrayList<>();

        sendChunk(pipeline);
        ScorerService b = kafka.start(configB);
        List<ScorerService> running = new ArrayList<>(List.of(a, b));
        await().atMost(WAIT).until(() -> bothMembersAssigned(configA.groupId()));
        sendChunk(pipeline);
        await().atMost(WAIT).until(() -> predictions.poll().stream().anyMatch(r -> "scorer-b".equals(instance(r))));
        for (ModelEnvelope model : models.subList(1, VERSIONS)) {
            sendChunk(pipeline);
            publish(pipeline, model);
            if (model.getVersion() == STOP_B_AT_VERSION) {
                b.close();
                running.remove(b);
            }
            restVersions.add(predictOverRest(rest));
            await().atMost(WAIT).until(() -> running.stream().allMatch(s -> servedVersion(s) == model.getVersion()));
        }
        sendChunk(pipeline);
        restVersions.add(predictOverRest(rest));

        int expected = sentRecords.size();
        await().atMost(WAIT).until(() -> predictions.poll().size() >= expected);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> predictions.poll().size() == expected);
        List<ConsumerRecord<byte[], byte[]>> answered = predictions.poll();

        assertEveryRecordAnsweredExactlyOnce(answered);
        assertThat(endOffsets(pipeline.topics().deadLetters())).as("records ever written to the dead-letter topic").isZero();
        assertThat(answered).extracting(r -> json(r).get("modelVersion").asLong()).allSatisfy(v -> assertThat(v).isBetween(1L, (long) VERSIONS));
        assertThat(answered.stream().map(ScorerScaleOutIT::instance).collect(Collectors.toSet())).containsExactlyInAnyOrder("scorer-a", "scorer-b");
        assertVersionsNeverGoBackPerInstance(answered);
        assertThat(restVersions).isSorted().allSatisfy(v -> assertThat(v).isBetween(1L, (long) VERSIONS));
        await().atMost(WAIT).until(() -> loadedVersions(events.poll()).getOrDefault("scorer-a", List.of()).size() == VERSIONS);
        Map<String, List<Long>> loaded = loadedVersions(events.poll());
        assertThat(loaded.get("scorer-a")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(loaded.get("scorer-b")).startsWith(1L, 2L, 3L).isSorted().doesNotHaveDuplicates();
    }

    /** Sends one chunk of wrapper requests, keyed by request id so they spread over every partition. */
    private void sendChunk(PipelineConfig pipeline) {
        int chunk = chunks++;
        for (int i = 0; i < REQUESTS_PER_CHUNK; i++) {
            String requestId = "c" + chunk + "-r" + i;
            var customers = DemoData.unlabelled(requestId, RECORDS_PER_REQUEST, chunk * 1000L + i);
            customers.forEach(customer -> sentRecords.add(requestId + "/" + customer.getId()));
            kafka.producer().send(new ProducerRecord<>(pipeline.topics().scoreRequests(), utf8(requestId), DemoData.wrapper(requestId, customers)));
        }
        kafka.producer().flush();
    }

    /** One REST prediction from instance A; all its records carry one version, which the call returns. */
    private static long predictOverRest(RestClient rest) {
        RestClient.Response response = rest.post("/v1/pipelines/" + PIPELINE + "/predict?format=topic",
                DemoData.array(DemoData.unlabelled("rest", 10, 5)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        long version = response.json().get("modelVersion").asLong();
        assertThat(response.json().get("predictions")).hasSize(10)
                .allSatisfy(p -> assertThat(p.get("modelVersion").asLong()).isEqualTo(version));
        return version;
    }

    private void assertEveryRecordAnsweredExactlyOnce(List<ConsumerRecord<byte[], byte[]>> answered) {
        Map<String, Long> counts = answered.stream()
                .map(record -> json(record).get("requestId").asText() + "/" + json(record).get("recordId").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.entrySet()).filteredOn(e -> e.getValue() > 1).as("duplicated predictions").isEmpty();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(sentRecords);
    }

    /**
     * One producer's transactions appear on a partition in the order it committed them, so on each predictions
     * partition an instance's versions must never go down.
     */
    private static void assertVersionsNeverGoBackPerInstance(List<ConsumerRecord<byte[], byte[]>> answered) {
        Map<String, Long> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : answered) {
            String key = instance(record) + "@" + record.partition();
            long version = json(record).get("modelVersion").asLong();
            assertThat(version).as("version of %s at offset %d", key, record.offset()).isGreaterThanOrEqualTo(latest.getOrDefault(key, 0L));
            latest.put(key, version);
        }
    }

    /** The versions each instance loaded, in order, from its {@code MODEL_LOADED} events. */
    private static Map<String, List<Long>> loadedVersions(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Long>> loaded = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            PipelineEvent event = EVENTS.decode(record.value());
            if (event.getType() == EventType.MODEL_LOADED) {
                loaded.computeIfAbsent(event.getAttributes().get("instance"), i -> new ArrayList<>())
                        .add(Long.parseLong(event.getAttributes().get("version")));
            }
        }
        return loaded;
    }

    /** True once the group has settled with both instances, each owning some request partitions. */
    private static boolean bothMembersAssigned(String groupId) throws Exception {
        var members = kafka.admin().describeConsumerGroups(List.of(groupId)).all().get(10, TimeUnit.SECONDS).get(groupId).members();
        return members.size() == 2 && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    private static long endOffsets(String topic) throws Exception {
        List<TopicPartition> partitions = kafka.admin().describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return kafka.admin().listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    private static long servedVersion(ScorerService scorer) {
        return scorer.currentModel().current().map(m -> m.version()).orElse(0L);
    }

    private static ScorerConfig config(String instanceId) {
        return kafka.config(PIPELINE, instanceId, Map.of(
                PipelineConfig.INPUT_PARTITIONS_CONFIG, String.valueOf(PARTITIONS),
                ScorerConfig.MAX_POLL_RECORDS_CONFIG, "20",
                ScorerConfig.HTTP_PORT_CONFIG, "0",
                ScorerConfig.HTTP_HOST_CONFIG, "127.0.0.1"));
    }

    private static void publish(PipelineConfig pipeline, ModelEnvelope envelope) {
        kafka.send(ModelSigning.signed(pipeline.topics().models(), PIPELINE, envelope));
    }

    private static String instance(ConsumerRecord<byte[], byte[]> record) {
        return DeadLetterHeaders.read(record.headers(), ScoringLoop.INSTANCE_HEADER);
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
