package io.streamtrain.streams;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows the application's changelog topics to the input's partition count before Kafka Streams starts. The windower
 * runs in every input partition's task, so each store has one changelog partition per input partition; Kafka Streams
 * refuses to start when an existing changelog has fewer (after partitions were added to the input, or after an upgrade
 * from the single-partition windower). Existing partitions keep their state: task {@code n} restores from partition
 * {@code n} as before, and the new tasks start empty.
 */
final class ChangelogPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(ChangelogPartitions.class);

    private ChangelogPartitions() {
    }

    /**
     * @throws IllegalStateException if the cluster does not answer, or refuses, within {@code timeout}
     */
    static void growTo(Map<String, Object> adminConfig, String applicationId, int partitions, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> changelogs = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).stream()
                    .filter(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-changelog"))
                    .collect(Collectors.toSet());
            if (changelogs.isEmpty()) {
                return;
            }
            Map<String, NewPartitions> growth = admin.describeTopics(changelogs).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
                    .values().stream()
                    .filter(description -> description.partitions().size() < partitions)
                    .collect(Collectors.toMap(TopicDescription::name, description -> NewPartitions.increaseTo(partitions)));
            if (!growth.isEmpty()) {
                LOG.info("Adding partitions to changelog topics {} to match the input's {} partitions", growth.keySet(), partitions);
                admin.createPartitions(growth).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            // Another instance starting at the same time grew them first.
            if (!(e.getCause() instanceof InvalidPartitionsException)) {
                throw new IllegalStateException("cannot grow the changelog topics of " + applicationId + " to " + partitions
                        + " partitions", e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot grow the changelog topics of " + applicationId + " to " + partitions
                    + " partitions within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while growing changelog topics", e);
        }
    }
}
