package io.streamtrain.bench.chaos;

import io.streamtrain.bench.soak.CapacityProbe;
import io.streamtrain.bench.soak.GroupLag;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.launcher.home.LocalBroker;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The chaos benchmark: the whole pipeline as separate OS processes of the launcher's runnable jar (the embedded broker
 * on a data directory, {@code run streams-app}, {@code run trainer}, {@code run scorer}), loaded with labelled records
 * at a share of the capacity measured at the start of the same run and with score requests, while every 30–60 s (a
 * seeded schedule) a random one of them is killed with SIGKILL and started again. Once the load stops and everything
 * is up, it waits (bounded) for the pipeline to drain, then checks that every labelled record is accounted for once,
 * every score request answered once, the versions gapless, and every outage shorter than the session timeout plus
 * 10 s; prints the figures as a table and exits with 1 when a check fails. Arguments: see {@link ChaosSettings}.
 */
public final class ChaosBenchmark {

    static final int RECORDS_PER_REQUEST = 10;
    private static final String PIPELINE = "chaos";
    private static final String BROKER = "broker";
    private static final String SERVED_MODEL = "served model";
    private static final String KAFKA_ANSWERS = "Kafka answers";
    private static final Duration START_BOUND = Duration.ofMinutes(3);
    private static final List<String> SERVICES = List.of("streams-app", "trainer", "scorer");

    private ChaosBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ChaosSettings settings = ChaosSettings.parse(List.of(args));
        boolean passed = run(settings);
        System.exit(passed ? 0 : 1);
    }

    private static boolean run(ChaosSettings settings) throws Exception {
        Path work = settings.work().toAbsolutePath();
        deleteRecursively(work);
        Path home = Files.createDirectories(work.resolve("home"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        Map<String, String> pipeline = pipelineSettings(settings, work);
        Map<String, String> brokerSettings = new HashMap<>(pipeline);
        brokerSettings.put("dashboard.port", "0");
        // The broker's process runs the embedded broker, and the dashboard because a run needs a service.
        CliProcess broker = CliProcess.of(BROKER, settings.jar(), home, "768m", "dashboard",
                write(work.resolve("broker.properties"), brokerSettings), logs.resolve("broker.log"),
                List.of("--data-dir", work.resolve("broker-data").toString()));
        List<CliProcess> all = new ArrayList<>(List.of(broker));
        try {
            broker.start();
            awaitReady(broker);
            String bootstrap = new LocalBroker(home).address().orElseThrow(() -> new IllegalStateException("the broker announced no address"));
            pipeline.put("kafka.bootstrap.servers", bootstrap);
            Path config = write(work.resolve("pipeline.properties"), pipeline);
            for (String service : SERVICES) {
                all.add(CliProcess.of(service, settings.jar(), home, service.equals("trainer") ? "768m" : "512m", service, config,
                        logs.resolve(service + ".log"), List.of()));
            }
            for (CliProcess process : all.subList(1, all.size())) {
                process.start();
            }
            for (CliProcess process : all) {
                awaitReady(process);
            }
            System.out.println("chaos: broker at " + bootstrap + "; streams-app, trainer and scorer ready; logs in " + logs);
            return chaos(settings, pipeline, bootstrap, home, all);
        } finally {
            for (CliProcess process : all.reversed()) {
                process.close();
            }
        }
    }

    private static boolean chaos(ChaosSettings settings, Map<String, String> pipeline, String bootstrap, Path home,
                                 List<CliProcess> processes) throws Exception {
        PipelineTopics topics = new PipelineConfig(pipeline).topics();
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(client); Availability availability = new Availability()) {
            GroupLag lag = new GroupLag(admin);
            String streamsGroup = "streamtrain-" + PIPELINE + "-streams";
            String trainerGroup = "streamtrain-" + PIPELINE + "-trainer";
            String scorerGroup = "streamtrain-" + PIPELINE + "-scorer";
            CapacityProbe.Result capacity = CapacityProbe.measure(client, topics, lag, streamsGroup, trainerGroup, settings.probe());
            int rate = (int) Math.max(1, Math.round(settings.load() * capacity.recordsPerSecond()));
            URI model = URI.create("http://127.0.0.1:" + pipeline.get("scorer.http.port") + "/v1/pipelines/" + PIPELINE + "/model");
            processes.forEach(process -> availability.watch(process.name(), readiness(process))
                    .watch(process.name() + ChaosReport.LIVE, URI.create("http://127.0.0.1:" + process.healthPort() + "/health/live")));
            availability.watch(SERVED_MODEL, model);
            availability.watch(KAFKA_ANSWERS, () -> kafkaAnswers(admin));
            long origin = availability.start();
            await(availability::allUp, START_BOUND, "serving a model");
            System.out.printf(Locale.ROOT, "chaos: capacity %.0f records/s; sending %d labelled records/s and %d score requests/s of %d "
                    + "records for %s, killing one process every %s to %s (seed %d)%n", capacity.recordsPerSecond(), rate,
                    settings.requests(), RECORDS_PER_REQUEST, settings.duration(), settings.killMin(), settings.killMax(), settings.seed());

            String loadBefore = loadAverage();
            DemoTraffic traffic = new DemoTraffic(rate, settings.requests(), RECORDS_PER_REQUEST, 0.01, 0.5, settings.seed(),
                    Duration.ofMinutes(10));
            DemoProducer producer = new DemoProducer(client, topics, traffic, Clock.systemUTC());
            List<ChaosEvent> events;
            try (producer) {
                producer.start();
                events = killAndRestart(settings, processes, origin);
            }
            String loadAfter = loadAverage();
            System.out.println("chaos: load stopped; waiting for everything to be up and the pipeline to drain");
            PipelineAudit audit = drain(settings, client, topics, availability, lag, streamsGroup, trainerGroup, scorerGroup);
            Map<String, Availability.Outage> outages = availability.outages();
            Map<String, List<Availability.Interval>> intervals = availability.intervals();
            intervals.forEach((name, list) -> System.out.println("chaos: outages of " + name + ": " + list));
            String brokerAddress = new LocalBroker(home).address().orElse("none");
            Load load = new Load(capacity.recordsAcknowledged() + producer.recordsSent(), capacity.recordsAcknowledged() + producer.recordsAcknowledged(),
                    producer.requestsSent(), producer.requestsAcknowledged());
            ChaosReport report = new ChaosReport(settings, capacity.recordsPerSecond(), rate, load, audit, outages, intervals, events,
                    List.of(loadBefore, loadAfter), brokerAddress.equals(bootstrap));
            report.print(System.out);
            return report.passed();
        }
    }

    /**
     * Until the duration is over: waits a random time between {@code kill.min} and {@code kill.max}, kills a random
     * process with SIGKILL and starts it again at once, as a supervisor would. A process that ends by itself is started
     * again too, and reported.
     */
    private static List<ChaosEvent> killAndRestart(ChaosSettings settings, List<CliProcess> processes, long origin)
            throws InterruptedException {
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<ChaosEvent> events = new ArrayList<>();
        long end = System.nanoTime() + settings.duration().toNanos();
        long nextKill = System.nanoTime() + between(random, settings.killMin(), settings.killMax());
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1_000, (Math.min(nextKill, end) - System.nanoTime()) / 1_000_000)));
            double at = (System.nanoTime() - origin) / 1e9;
            for (CliProcess process : processes) {
                if (process.hasExited()) {
                    events.add(new ChaosEvent(at, process.name(), "exited by itself with code " + process.exitCode()));
                    process.start();
                }
            }
            if (System.nanoTime() >= nextKill && System.nanoTime() < end) {
                CliProcess victim = processes.get(random.nextInt(processes.size()));
                long pid = victim.kill();
                victim.start();
                ChaosEvent kill = new ChaosEvent(at, victim.name(), "SIGKILL pid " + pid + ", restarted");
                System.out.println("chaos: " + kill);
                events.add(kill);
                nextKill = System.nanoTime() + between(random, settings.killMin(), settings.killMax());
            }
        }
        return events;
    }

    private static long between(SplittableRandom random, Duration min, Duration max) {
        return min.toNanos() + (max.equals(min) ? 0 : random.nextLong(max.toNanos() - min.toNanos()));
    }

    /**
     * Waits, within {@code drain}, until every process is ready, the groups have caught up and the audit balances
     * (the last windows close on the idle timeout); returns the last audit, balanced or not.
     */
    private static PipelineAudit drain(ChaosSettings settings, Map<String, Object> client, PipelineTopics topics, Availability availability,
                                       GroupLag lag, String streamsGroup, String trainerGroup, String scorerGroup) throws InterruptedException {
        long deadline = System.nanoTime() + settings.drain().toNanos();
        PipelineAudit audit = null;
        while (System.nanoTime() < deadline) {
            Thread.sleep(10_000);
            boolean caughtUp = availability.allUp() && lag.of(streamsGroup, topics.records()) == 0
                    && lag.of(trainerGroup, topics.batches()) < 10 && lag.of(scorerGroup, topics.scoreRequests()) == 0;
            if (caughtUp) {
                audit = PipelineAudit.read(client, topics);
                System.out.printf(Locale.ROOT, "chaos: drained; input %d, accounted %d%n", audit.inputRecords(), audit.accounted());
                if (audit.accounted() == audit.inputRecords() && audit.distinctAnswers() + audit.requestsDeadLettered() * RECORDS_PER_REQUEST
                        >= audit.requests() * RECORDS_PER_REQUEST) {
                    return audit;
                }
            }
        }
        return audit != null ? audit : PipelineAudit.read(client, topics);
    }

    private static Map<String, String> pipelineSettings(ChaosSettings settings, Path work) {
        Map<String, String> pipeline = new HashMap<>();
        pipeline.put(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE);
        pipeline.put("window.size.ms", "10000");
        pipeline.put("window.grace.ms", "1000");
        pipeline.put("window.idle.close.ms", "5000");
        // Every record is accounted for once by summing each model's own window: one window per model.
        pipeline.put("train.horizon.windows", "1");
        pipeline.put("kafka.session.timeout.ms", String.valueOf(settings.session().toMillis()));
        pipeline.put("kafka.heartbeat.interval.ms", String.valueOf(settings.session().toMillis() / 10));
        pipeline.put("streams.state.dir", work.resolve("streams-state").toString());
        pipeline.put("scorer.instance.id", PIPELINE + "-1");
        pipeline.put("scorer.http.port", String.valueOf(CliProcess.freePort()));
        // The trainer and the scorer run in processes of their own: they sign and verify with one pair.
        pipeline.putAll(TrustConfig.inline(Ed25519Keys.generate()));
        return pipeline;
    }

    private static void awaitReady(CliProcess process) throws InterruptedException {
        try (Availability ready = new Availability().watch(process.name(), readiness(process))) {
            ready.start();
            await(ready::allUp, START_BOUND, process.name() + " ready");
        }
    }

    /** Whether the broker answers a metadata request within a second. */
    private static boolean kafkaAnswers(Admin admin) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_000)).clusterId().get(2, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static URI readiness(CliProcess process) {
        return URI.create("http://127.0.0.1:" + process.healthPort() + "/health/ready");
    }

    private static void await(BooleanSupplier condition, Duration bound, String what) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not " + what + " within " + bound);
            }
            Thread.sleep(500);
        }
    }

    /** The 1, 5 and 15 minute load averages of the machine, from {@code /proc/loadavg}. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Path write(Path file, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "chaos benchmark");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
