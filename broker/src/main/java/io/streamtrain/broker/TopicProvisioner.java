package io.streamtrain.broker;

import io.streamtrain.core.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the topics a pipeline needs on any Kafka cluster, embedded or external.
 *
 * <p>{@link #ensureTopics} is idempotent: missing topics are created with their partitions and configs, existing
 * topics are left as they are. An existing topic whose {@code cleanup.policy} differs from its spec is refused rather
 * than used, because the pipeline depends on it: a model topic that is not compacted loses the current model, an input
 * topic that is compacted loses records.
 *
 * <p>The provisioner closes the {@link Admin} only if it created it ({@link #connect}).
 */
public final class TopicProvisioner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** Replication factor meaning "as many replicas as the cluster allows, up to 3". */
    public static final int AUTO_REPLICATION_FACTOR = 0;
    /** How long {@link #ensureTopics} may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final int MAX_AUTO_REPLICATION_FACTOR = 3;
    private static final long METADATA_POLL_MS = 100;

    private final Admin admin;
    private final boolean ownsAdmin;
    private final int replicationFactor;
    private final Duration timeout;

    /** A provisioner on {@code admin} with {@link #AUTO_REPLICATION_FACTOR} and {@link #DEFAULT_TIMEOUT}. */
    public TopicProvisioner(Admin admin) {
        this(admin, AUTO_REPLICATION_FACTOR, DEFAULT_TIMEOUT);
    }

    /**
     * A provisioner on {@code admin}.
     *
     * @param replicationFactor replicas of each created topic, or {@link #AUTO_REPLICATION_FACTOR} for
     *                          min(3, number of brokers)
     * @param timeout           how long one {@link #ensureTopics} call may take
     */
    public TopicProvisioner(Admin admin, int replicationFactor, Duration timeout) {
        this(admin, false, replicationFactor, timeout);
    }

    private TopicProvisioner(Admin admin, boolean ownsAdmin, int replicationFactor, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.ownsAdmin = ownsAdmin;
        if (replicationFactor < 0 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("replicationFactor must be between 1 and " + Short.MAX_VALUE
                    + ", or AUTO_REPLICATION_FACTOR (0); was " + replicationFactor);
        }
        this.replicationFactor = replicationFactor;
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * A provisioner with an Admin client of its own, closed by {@link #close()}.
     *
     * @param adminConfigs      Kafka Admin client configs; at least {@code bootstrap.servers}
     * @param replicationFactor replicas of each created topic, or {@link #AUTO_REPLICATION_FACTOR}
     * @param timeout           how long one {@link #ensureTopics} call may take
     */
    public static TopicProvisioner connect(Map<String, Object> adminConfigs, int replicationFactor, Duration timeout) {
        Admin admin = Admin.create(Map.copyOf(adminConfigs));
        try {
            return new TopicProvisioner(admin, true, replicationFactor, timeout);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    /**
     * Creates every spec'd topic that does not exist yet and waits until each of their partitions has a leader.
     *
     * <p>Before creating anything, checks that the {@code cleanup.policy} of every existing spec'd topic equals its
     * spec's (as a set: {@code compact,delete} equals {@code delete,compact}); specs without a {@code cleanup.policy}
     * accept any. A topic that another client creates at the same moment is checked once its creation is known.
     * Other configs and partition counts of existing topics are neither checked nor changed.
     *
     * @return the names of the topics this call created, in spec order; empty if all existed
     * @throws TopicConfigMismatchException if existing topics have another cleanup policy
     * @throws TopicProvisioningException   if the cluster refused or did not finish in time
     */
    public List<String> ensureTopics(Collection<TopicSpec> specs) {
        Map<String, TopicSpec> byName = byName(specs);
        long deadline = System.nanoTime() + timeout.toNanos();

        Set<String> existing = await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(),
                deadline, "list topics");
        List<TopicSpec> present = byName.values().stream().filter(s -> existing.contains(s.name())).toList();
        List<TopicSpec> missing = byName.values().stream().filter(s -> !existing.contains(s.name())).toList();
        verifyCleanupPolicies(present, deadline);
        if (missing.isEmpty()) {
            return List.of();
        }

        short replicas = replicas(deadline);
        List<String> created = new ArrayList<>();
        List<TopicSpec> createdConcurrently = new ArrayList<>();
        CreateTopicsResult result = admin.createTopics(missing.stream().map(s -> newTopic(s, replicas)).toList());
        for (TopicSpec spec : missing) {
            try {
                await(result.values().get(spec.name()), deadline, "create topic " + spec.name());
                created.add(spec.name());
            } catch (TopicProvisioningException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another provisioner (a second service of the same pipeline) created it first: check it like any
                // existing topic.
                createdConcurrently.add(spec);
            }
        }
        verifyCleanupPolicies(createdConcurrently, deadline);
        if (!created.isEmpty()) {
            awaitLeaders(created, deadline);
            LOG.info("Created topics {} with replication factor {}", created, replicas);
        }
        return List.copyOf(created);
    }

    /** Closes the Admin client if {@link #connect} created it. */
    @Override
    public void close() {
        if (ownsAdmin) {
            admin.close();
        }
    }

    private static Map<String, TopicSpec> byName(Collection<TopicSpec> specs) {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec spec : Objects.requireNonNull(specs, "specs")) {
            TopicSpec earlier = byName.putIfAbsent(spec.name(), spec);
            if (earlier != null && !earlier.equals(spec)) {
                throw new IllegalArgumentException("topic " + spec.name() + " is spec'd twice, differently: "
                        + earlier + " and " + spec);
            }
        }
        return byName;
    }

    private void verifyCleanupPolicies(List<TopicSpec> specs, long deadline) {
        List<TopicSpec> checked = specs.stream()
                .filter(s -> s.configs().containsKey(TopicConfig.CLEANUP_POLICY_CONFIG))
                .toList();
        if (checked.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = checked.stream()
                .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                .toList();
        Map<ConfigResource, Config> configs = describeConfigs(resources, deadline);
        List<TopicConfigMismatchException.Mismatch> mismatches = new ArrayList<>();
        for (TopicSpec spec : checked) {
            String key = TopicConfig.CLEANUP_POLICY_CONFIG;
            String expected = spec.configs().get(key);
            ConfigEntry entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).get(key);
            String actual = entry == null ? null : entry.value();
            if (actual == null || !policies(expected).equals(policies(actual))) {
                mismatches.add(new TopicConfigMismatchException.Mismatch(spec.name(), key, expected,
                        String.valueOf(actual)));
            }
        }
        if (!mismatches.isEmpty()) {
            throw new TopicConfigMismatchException(mismatches);
        }
    }

    /**
     * A topic that another client has just created can be unknown to the broker answering for a moment, so an unknown
     * topic is asked about again until the deadline.
     */
    private Map<ConfigResource, Config> describeConfigs(List<ConfigResource> resources, long deadline) {
        String what = "describe the configs of topics " + resources.stream().map(ConfigResource::name).toList();
        try {
            while (true) {
                try {
                    return admin.describeConfigs(resources).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.nanoTime() >= deadline) {
                        throw failure(what, e.getCause());
                    }
                }
                Thread.sleep(METADATA_POLL_MS);
            }
        } catch (TimeoutException e) {
            throw failure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while trying to " + what, e);
        }
    }

    private static Set<String> policies(String cleanupPolicy) {
        return Arrays.stream(cleanupPolicy.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private short replicas(long deadline) {
        if (replicationFactor != AUTO_REPLICATION_FACTOR) {
            return (short) replicationFactor;
        }
        int brokers = await(admin.describeCluster().nodes(), deadline, "describe cluster").size();
        return (short) Math.max(1, Math.min(MAX_AUTO_REPLICATION_FACTOR, brokers));
    }

    private static NewTopic newTopic(TopicSpec spec, short replicas) {
        return new NewTopic(spec.name(), spec.partitions(), replicas).configs(spec.configs());
    }

    /**
     * The controller acknowledges a creation before every broker knows the topic; waiting for leaders spares the
     * first producer and consumer a round of unknown-topic retries.
     */
    private void awaitLeaders(List<String> topics, long deadline) {
        try {
            while (true) {
                Map<String, TopicDescription> descriptions = awaitOrNull(
                        admin.describeTopics(topics).allTopicNames(), deadline);
                if (descriptions != null && allHaveLeaders(descriptions.values())) {
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    throw new TopicProvisioningException("topics " + topics + " were created but not all of their "
                            + "partitions had a leader within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(METADATA_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while waiting for topics " + topics, e);
        }
    }

    private static boolean allHaveLeaders(Collection<TopicDescription> descriptions) {
        return descriptions.stream()
                .flatMap(d -> d.partitions().stream())
                .map(TopicPartitionInfo::leader)
                .allMatch(leader -> leader != null && !leader.isEmpty());
    }

    /** The future's value, or null if it failed: the topic may just not have reached the broker asked yet. */
    private static <T> T awaitOrNull(KafkaFuture<T> future, long deadline) throws InterruptedException {
        try {
            return future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private <T> T await(KafkaFuture<T> future, long deadline, String what) {
        try {
            return future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (TimeoutException e) {
            throw failure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while trying to " + what, e);
        }
    }

    private TopicProvisioningException failure(String what, Throwable cause) {
        String reason = cause instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                : cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return new TopicProvisioningException("could not " + what + ": " + reason, cause);
    }

    private static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
