package io.streamtrain.dashboard.data;

import io.streamtrain.core.topics.PipelineTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Samples a pipeline's topics with the admin client: the end offsets of the input, dead-letter and predictions
 * topics, and the lag of every consumer group that has committed offsets on the input, batches or score-request
 * topics (the streams-app, the trainer and the scorers).
 */
final class TopicSampler {

    private final Admin admin;
    private final PipelineTopics topics;
    private final Duration timeout;
    private final Clock clock;

    TopicSampler(Admin admin, PipelineTopics topics, Duration timeout, Clock clock) {
        this.admin = admin;
        this.topics = topics;
        this.timeout = timeout;
        this.clock = clock;
    }

    TopicTotals sample() throws ExecutionException, TimeoutException, InterruptedException {
        List<String> counted = List.of(topics.records(), topics.deadLetters(), topics.predictions(), topics.batches(),
                topics.scoreRequests());
        Map<TopicPartition, Long> ends = endOffsets(partitions(counted));
        return new TopicTotals(total(ends, topics.records()), total(ends, topics.deadLetters()), total(ends, topics.predictions()),
                lag(ends, Set.of(topics.records(), topics.batches(), topics.scoreRequests())), clock.millis());
    }

    private List<TopicPartition> partitions(Collection<String> names) throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        descriptions.forEach((name, description) -> {
            for (TopicPartitionInfo info : description.partitions()) {
                partitions.add(new TopicPartition(name, info.partition()));
            }
        });
        return partitions;
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(request).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        answer.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private Map<String, Long> lag(Map<TopicPartition, Long> ends, Set<String> consumedTopics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Collection<GroupListing> groups = admin.listGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> lag = new TreeMap<>();
        for (GroupListing group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long behind = 0;
            boolean readsPipeline = false;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                Long end = ends.get(entry.getKey());
                if (end != null && entry.getValue() != null && consumedTopics.contains(entry.getKey().topic())) {
                    readsPipeline = true;
                    behind += Math.max(0, end - entry.getValue().offset());
                }
            }
            if (readsPipeline) {
                lag.put(group.groupId(), behind);
            }
        }
        return lag;
    }

    private static long total(Map<TopicPartition, Long> ends, String topic) {
        return ends.entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }
}
