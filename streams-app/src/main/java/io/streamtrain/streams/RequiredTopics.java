package io.streamtrain.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Checks before start that the pipeline's topics exist, and reads their partition counts. Kafka Streams would
 * otherwise keep rebalancing on a missing source topic and never say which one; this names them.
 */
final class RequiredTopics {

    private RequiredTopics() {
    }

    /**
     * @return the partition count of each topic
     * @throws IllegalStateException naming the missing topics, or if the cluster does not answer within {@code timeout}
     */
    static Map<String, Integer> partitions(Map<String, Object> adminConfig, Collection<String> topics, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names().get(timeoutMs, TimeUnit.MILLISECONDS);
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("topics " + missing + " do not exist; create them first "
                        + "(the launcher creates every topic of a pipeline)");
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            return descriptions.values().stream().collect(Collectors.toMap(TopicDescription::name, description -> description.partitions().size()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the topics " + topics + " on " + adminConfig.get("bootstrap.servers") + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }
}
