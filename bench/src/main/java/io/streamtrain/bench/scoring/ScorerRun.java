package io.streamtrain.bench.scoring;

import io.streamtrain.bench.kafka.TopicOffsets;
import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs a {@link ScorerService} on a pre-filled requests topic until it has answered every request, and records
 * where its time went.
 *
 * <p>Completion is read from the scorer group's committed offsets: the scorer commits a batch's offsets in the
 * same transaction as the batch's predictions, so once the group has committed the end of every request partition,
 * every prediction is committed on the predictions topic. Polling the offsets (every {@value #POLL_MILLIS} ms) costs
 * the broker two small requests, where counting the predictions would take a consumer's worth of CPU from the
 * scorer on a 2-core machine; {@link PredictionAudit} counts them afterwards.
 */
final class ScorerRun {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 20;
    private static final String PRODUCER_METRICS = "kafka.producer:type=producer-metrics";

    private ScorerRun() {
    }

    /**
     * @param startSeconds         from creating the service until {@code start} returned (models topic read, model
     *                             loaded, transactional producer initialised)
     * @param scoringSeconds       from then until the last request's offset was committed
     * @param processCpuSeconds    CPU of the whole process (broker, GC and JIT included) while scoring
     * @param scorerCpuSeconds     CPU of the scorer instances' own threads while scoring: every thread whose name holds the
     *                             pipeline's name (scoring loop, scoring pool, model and label followers, and their Kafka
     *                             clients' network and heartbeat threads); the rest of {@code processCpuSeconds} is the
     *                             broker's, the benchmark's own and the JVM's (GC, JIT)
     * @param otherProcessesShare  share of the machine's CPU that other processes used while scoring
     * @param loopCpuSeconds       CPU of the scoring loop's thread while scoring
     * @param producerIoCpuSeconds CPU of the transactional producer's network thread while scoring
     * @param commitSeconds        time the loop spent blocked in {@code commitTransaction}
     * @param sendOffsetsSeconds   time the loop spent blocked in {@code sendOffsetsToTransaction}
     * @param broker               the requests the broker handled while scoring
     */
    record Result(double startSeconds, double scoringSeconds, double processCpuSeconds, double scorerCpuSeconds,
                  double otherProcessesShare, double loopCpuSeconds,
                  double producerIoCpuSeconds, double commitSeconds, double sendOffsetsSeconds, BrokerRequestTimes broker) {

        /** Committed transactions: one {@code EndTxn} each. */
        long transactions() {
            return broker.count("EndTxn");
        }
    }

    static Result run(BenchPipeline pipeline, Admin admin) throws InterruptedException {
        return run(pipeline, admin, 1);
    }

    /**
     * Runs {@code instances} scorer instances of {@code pipeline} in one consumer group, started side by side; the
     * clock starts when the first is started. CPU and time figures are those of all instances together, the
     * producer-side figures those of the first.
     */
    static Result run(BenchPipeline pipeline, Admin admin, int instances) throws InterruptedException {
        ScorerConfig config = pipeline.scorer();
        Map<TopicPartition, Long> end = TopicOffsets.endOffsets(admin, pipeline.pipeline().topics().scoreRequests());
        String producerClient = config.instanceId() + "-scores";
        List<ScorerConfig> configs = new ArrayList<>(List.of(config));
        for (int i = 2; i <= instances; i++) {
            configs.add(pipeline.sameGroupScorer(String.valueOf(i)).scorer());
        }
        Set<String> producerClients = configs.stream().map(c -> c.instanceId() + "-scores").collect(Collectors.toSet());
        Predicate<String> scorerThread = name -> name.contains(pipeline.name());
        Predicate<String> loopThread = ("streamtrain-scorer-" + pipeline.name() + "-requests")::equals;
        Predicate<String> producerThread = name -> name.startsWith("kafka-producer-network-thread")
                && producerClients.stream().anyMatch(name::endsWith);
        long created = System.nanoTime();
        try (Instances scorers = Instances.start(configs)) {
            long started = scorers.firstStarted();
            ThreadCpu cpuBefore = ThreadCpu.now();
            MachineLoad machineBefore = MachineLoad.now();
            BrokerRequestTimes brokerBefore = BrokerRequestTimes.now();
            double commitBefore = producerNanos(producerClient, "txn-commit-time-ns-total");
            double offsetsBefore = producerNanos(producerClient, "txn-send-offsets-time-ns-total");
            while (!TopicOffsets.committedUpTo(admin, config.groupId(), end)) {
                if (!scorers.healthy() || System.nanoTime() - started > RUN_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the scorers of " + pipeline.name() + " did not answer every request within "
                            + RUN_TIMEOUT + " (healthy: " + scorers.healthy() + ")");
                }
                Thread.sleep(POLL_MILLIS);
            }
            long finished = System.nanoTime();
            ThreadCpu cpuAfter = ThreadCpu.now();
            MachineLoad machineAfter = MachineLoad.now();
            BrokerRequestTimes brokerAfter = BrokerRequestTimes.now();
            return new Result((started - created) / 1e9, (finished - started) / 1e9,
                    machineAfter.processSecondsSince(machineBefore), cpuAfter.threadSecondsSince(cpuBefore, scorerThread),
                    machineAfter.otherProcessesShareSince(machineBefore),
                    cpuAfter.threadSecondsSince(cpuBefore, loopThread),
                    cpuAfter.threadSecondsSince(cpuBefore, producerThread),
                    (producerNanos(producerClient, "txn-commit-time-ns-total") - commitBefore) / 1e9,
                    (producerNanos(producerClient, "txn-send-offsets-time-ns-total") - offsetsBefore) / 1e9,
                    brokerAfter.since(brokerBefore));
        }
    }

    /** Scorer instances started side by side, each on a thread of its own, so that none scores alone for long. */
    private record Instances(List<ScorerService> services, long firstStarted) implements AutoCloseable {

        static Instances start(List<ScorerConfig> configs) throws InterruptedException {
            List<ScorerService> services = configs.stream().map(config -> new ScorerService(config, Clock.systemUTC())).toList();
            List<Long> startedAt = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> starters = services.stream().map(service -> Thread.ofPlatform().start(() -> {
                try {
                    service.start(START_TIMEOUT);
                    startedAt.add(System.nanoTime());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            })).toList();
            for (Thread starter : starters) {
                starter.join();
            }
            Instances instances = new Instances(services, startedAt.isEmpty() ? 0 : Collections.min(startedAt));
            if (!failures.isEmpty()) {
                instances.close();
                throw new IllegalStateException("a scorer instance did not start", failures.getFirst());
            }
            return instances;
        }

        boolean healthy() {
            return services.stream().allMatch(ScorerService::isHealthy);
        }

        @Override
        public void close() {
            services.forEach(ScorerService::close);
        }
    }

    private static double producerNanos(String clientIdSuffix, String attribute) {
        return ClientMetrics.value(PRODUCER_METRICS, clientIdSuffix, attribute);
    }
}
