package io.streamtrain.bench.windowing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * Bytes on disk per topic, summed over partitions, as the broker reports them ({@code Admin.describeLogDirs}).
 * Nothing is deleted during a run (segments are far from full and retention far away), so the growth of a
 * topic between two snapshots is the bytes written to it, after compression and with record-batch overhead.
 */
record TopicSizes(Map<String, Long> bytesByTopic) {

    TopicSizes {
        bytesByTopic = Map.copyOf(bytesByTopic);
    }

    static TopicSizes of(Admin admin) {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            Map<String, Long> sizes = new HashMap<>();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    dir.replicaInfos().forEach((partition, replica) -> sizes.merge(partition.topic(), replica.size(), Long::sum));
                }
            }
            return new TopicSizes(sizes);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the broker's log directories", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Bytes of the topics matching {@code topics}. */
    long bytes(Predicate<String> topics) {
        return bytesByTopic.entrySet().stream().filter(entry -> topics.test(entry.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /** The growth of each topic since {@code before}. */
    TopicSizes since(TopicSizes before) {
        Map<String, Long> growth = new HashMap<>();
        bytesByTopic.forEach((topic, bytes) -> growth.put(topic, bytes - before.bytesByTopic.getOrDefault(topic, 0L)));
        return new TopicSizes(growth);
    }
}
