package io.streamtrain.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.metrics.KafkaMeters;
import io.streamtrain.core.metrics.PrometheusScrape;
import io.streamtrain.core.service.KafkaReachability;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.streams.internal.errors.ThreadReplacementPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link IngestTopology} of one pipeline with exactly-once Kafka Streams.
 *
 * <p>{@link #start} checks that the pipeline's topics exist, builds the topology for the input topic's
 * partition count, starts the stream threads and waits, within
 * its timeout, for {@code RUNNING}. A stream thread that dies is replaced ({@link ThreadReplacementPolicy}).
 * {@link #close} stops gracefully within {@code streams.close.timeout.ms}: threads finish their current
 * records and commit; open windows stay in the state stores and resume on the next start. When Kafka has been out of
 * reach for {@code health.kafka.unreachable.ms}, nothing can be committed and close waits 2 s at most. Every state
 * transition is logged.
 */
public final class StreamsAppService extends PipelineService {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsAppService.class);
    private static final Set<State> HEALTHY = EnumSet.of(State.RUNNING, State.REBALANCING);
    private static final Set<State> FAILED_BEFORE_RUNNING = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING);

    private final StreamsAppConfig config;
    private final Function<TopologyOptions, Topology> topology;
    private final BiFunction<Topology, Properties, KafkaStreams> streamsFactory;
    private final boolean leaveGroupOnClose;
    private final ThreadReplacementPolicy threadPolicy;
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final KafkaMeters meters;
    private volatile KafkaStreams streams;
    private volatile KafkaReachability reachability;

    public StreamsAppService(StreamsAppConfig config) {
        this(config, IngestTopology.SERVICE_NAME, options -> IngestTopology.build(config.pipeline(), options), false);
    }

    /**
     * Runs another topology of the pipeline under the same lifecycle, for example a backfill run's
     * ({@link IngestTopology#buildBackfill}).
     *
     * @param name              the service name, in logs and metrics
     * @param topology          builds the topology for the options of the topics' partition counts
     * @param leaveGroupOnClose whether {@link #close} leaves the consumer group at once (for a run that ends for good, so
     *                          that its group can be deleted), rather than keeping the membership for a restart
     */
    public StreamsAppService(StreamsAppConfig config, String name, Function<TopologyOptions, Topology> topology,
                             boolean leaveGroupOnClose) {
        this(config, name, topology, KafkaStreams::new, leaveGroupOnClose);
    }

    /** @param streamsFactory makes the Kafka Streams instance of a topology and its properties ({@code KafkaStreams::new}) */
    StreamsAppService(StreamsAppConfig config, String name, Function<TopologyOptions, Topology> topology,
                      BiFunction<Topology, Properties, KafkaStreams> streamsFactory, boolean leaveGroupOnClose) {
        super(name, config.pipeline().pipelineName());
        this.config = config;
        this.topology = Objects.requireNonNull(topology, "topology");
        this.streamsFactory = Objects.requireNonNull(streamsFactory, "streamsFactory");
        this.leaveGroupOnClose = leaveGroupOnClose;
        this.threadPolicy = new ThreadReplacementPolicy(name);
        this.meters = new KafkaMeters(config.pipeline().pipelineName(), name);
    }

    /**
     * Checks the topics, builds the topology for the input topic's partition count and starts the stream threads.
     *
     * @return completes once Kafka Streams is {@code RUNNING}; fails when it goes to an error or shutdown state first
     * @throws IllegalStateException if a topic is missing or the topics' partitions do not fit the pipeline
     */
    @Override
    protected CompletableFuture<?> open(Duration timeout) {
        PipelineTopics topics = config.pipeline().topics();
        List<String> required = new ArrayList<>(List.of(topics.records(), topics.deadLetters(), topics.batches(),
                topics.events(), topics.control()));
        boolean transientMode = config.pipeline().mode() == PipelineMode.TRANSIENT;
        if (transientMode) {
            required.add(topics.scoreRequests());
        }
        Map<String, Integer> partitions = RequiredTopics.partitions(config.kafka().over(Map.of()), required, timeout);
        if (partitions.get(topics.control()) != 1) {
            throw new IllegalStateException("control topic " + topics.control() + " has " + partitions.get(topics.control())
                    + " partitions; it must have exactly 1 (recreate it, or set topics.control to another topic)");
        }
        int requestPartitions = transientMode ? partitions.get(topics.scoreRequests()) : 1;
        if (transientMode && requestPartitions != partitions.get(topics.records())) {
            // Each input partition's task windows its own records and the score requests of the same partition.
            throw new IllegalStateException("score-requests topic " + topics.scoreRequests() + " has " + requestPartitions
                    + " partitions and input topic " + topics.records() + " has " + partitions.get(topics.records())
                    + "; in transient mode they must have as many (add partitions to the smaller one)");
        }
        ChangelogPartitions.growTo(config.kafka().over(Map.of()), config.applicationId(),
                partitions.get(topics.records()), timeout);
        KafkaStreams created = streamsFactory.apply(topology.apply(config.topologyOptions(partitions.get(topics.records()),
                requestPartitions)), config.streamsProperties());
        // From here on, release() closes what is open (Kafka Streams' clients, the metrics, the Kafka probe) if a step fails.
        streams = created;
        created.setStateListener(this::onStateChange);
        created.setUncaughtExceptionHandler(threadPolicy);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(created, meters.tags());
        meters.add(streamsMetrics);
        streamsMetrics.bindTo(PrometheusScrape.globalRegistry());
        reachability = KafkaReachability.start(name(), config.kafka().over(Map.of()),
                config.pipeline().kafkaUnreachableAfter());
        LOG.info("Starting {} for pipeline {} (application.id {}) on {}", name(), config.pipeline().pipelineName(),
                config.applicationId(), config.kafka().bootstrapServers().orElse("?"));
        created.start();
        return running;
    }

    @Override
    protected String notRunningYet() {
        return "Kafka Streams did not reach RUNNING (state " + state() + ")";
    }

    @Override
    protected void onRunning() {
        LOG.info("{} is running", name());
    }

    /** True while Kafka Streams is running or rebalancing. */
    @Override
    public boolean isHealthy() {
        KafkaStreams current = streams;
        return isOpen() && current != null && HEALTHY.contains(current.state());
    }

    /** Healthy, and Kafka was reached within {@code health.kafka.unreachable.ms}. */
    @Override
    public boolean isReady() {
        KafkaReachability kafka = reachability;
        return isHealthy() && kafka != null && kafka.reachable();
    }

    /** Kafka Streams' state; {@code CREATED} before start. */
    public State state() {
        KafkaStreams current = streams;
        return current == null ? State.CREATED : current.state();
    }

    /** How many stream threads died and were replaced since start. */
    public long threadReplacements() {
        return threadPolicy.replacements();
    }

    /**
     * Stops gracefully within {@code streams.close.timeout.ms} (2 s when Kafka is out of reach): threads finish their
     * current records and commit.
     */
    @Override
    protected void release() {
        meters.close();
        KafkaStreams current = streams;
        if (current == null) {
            return;
        }
        KafkaReachability kafka = reachability;
        Duration timeout = kafka == null ? config.closeTimeout() : kafka.closeTimeout(config.closeTimeout());
        if (kafka != null) {
            kafka.close();
        }
        LOG.info("Closing {} (waiting up to {}{})", name(), timeout,
                timeout.equals(config.closeTimeout()) ? "" : ": Kafka is out of reach, so nothing can be committed");
        CloseOptions options = CloseOptions.timeout(timeout);
        if (leaveGroupOnClose) {
            options = options.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        }
        if (!current.close(options)) {
            LOG.warn("{} did not stop within {}; its threads are left to finish on their own", name(), timeout);
        }
    }

    private void onStateChange(State newState, State oldState) {
        if (newState == State.ERROR || newState == State.PENDING_ERROR) {
            LOG.error("{} state {} -> {}", name(), oldState, newState);
        } else {
            LOG.info("{} state {} -> {}", name(), oldState, newState);
        }
        if (newState == State.RUNNING) {
            running.complete(null);
        } else if (FAILED_BEFORE_RUNNING.contains(newState)) {
            running.completeExceptionally(new IllegalStateException("Kafka Streams went to " + newState + " before RUNNING"));
        }
    }
}
