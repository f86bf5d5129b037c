package io.streamtrain.bench.scoring;

import io.streamtrain.bench.fit.Contender;
import io.streamtrain.bench.fit.SyntheticBatches;
import io.streamtrain.bench.fit.SyntheticTable;
import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.RuntimeVersions;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * streamtrain's scorer against what users would otherwise write, on one embedded broker in one run: a Python loop with
 * confluent-kafka and scikit-learn scoring numpy batches ({@code bench/python/score_loop.py}), both reading the same
 * pre-filled requests topic of about 600-byte single-record JSON requests (30 numeric features) and writing one JSON
 * prediction per request. Both models come from the same 10,000-row table and train split: streamtrain's trained by
 * {@code BatchTrainer} with the pipeline's defaults, scikit-learn's the same family's fastest estimator (for logistic
 * regression lbfgs with C = 1 / lambda).
 *
 * <p>The scorer runs with its defaults, exactly-once on (read_committed, transactional predictions and offsets), and
 * is timed from the end of its start until every request offset is committed, after a warm-up round (by default half the
 * requests) on a pipeline of its own; the Python loop (at-least-once, idempotent producer) is timed from subscribing
 * until its last prediction is acknowledged. A plain consumer reading the topic gives the ceiling.
 *
 * <p>Run with {@code mvn -B -q -Ppython-scoring-benchmark -pl bench -am package -DskipTests}; arguments
 * ({@code -Dbench.python.scoring.args="..."}): a request count (default 500,000) and an algorithm
 * ({@code logistic-regression}, the default, or {@code random-forest}: 100 trees), then optionally {@code instances=N}
 * (scorer instances in one group, started side by side; default 1), {@code partitions=P} (of the requests topic;
 * default 3) and {@code warmup=W} (requests the warm-up scorer answers first, on a pipeline of its own; default half the
 * request count). Needs Debian's python3-confluent-kafka and python3-sklearn.
 */
public final class PythonScoringComparison {

    private static final int FEATURES = 30;
    private static final int TABLE_ROWS = 10_000;
    private static final double TEST_FRACTION = 0.2;
    private static final int DEFAULT_REQUESTS = 500_000;

    /** As in the fit benchmark: streamtrain's defaults, scikit-learn's estimator of the same family set up alike. */
    private static final Map<String, Contender> CONTENDERS = Map.of(
            "logistic-regression", new Contender("logistic-regression", SyntheticBatches.CLASS_LABEL, Map.of(),
                    "LogisticRegression", Map.of("C", 10.0, "solver", "lbfgs")),
            "random-forest", new Contender("random-forest", SyntheticBatches.CLASS_LABEL, Map.of(),
                    "RandomForestClassifier", Map.of("n_estimators", 100, "n_jobs", 2, "max_depth", 20, "max_leaf_nodes", 512,
                            "min_samples_leaf", 5, "max_features", "sqrt", "random_state", 42)));

    private PythonScoringComparison() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_REQUESTS;
        String algorithm = args.length > 1 ? args[1] : "logistic-regression";
        Map<String, String> options = new HashMap<>(Map.of("instances", "1", "partitions", "3",
                "warmup", String.valueOf(requests / 2)));
        for (int i = 2; i < args.length; i++) {
            String[] option = args[i].split("=", 2);
            if (option.length != 2 || !options.containsKey(option[0])) {
                throw new IllegalArgumentException("options are instances=N, partitions=P and warmup=W, got '" + args[i] + "'");
            }
            options.put(option[0], option[1]);
        }
        int instances = Integer.parseInt(options.get("instances"));
        int partitions = Integer.parseInt(options.get("partitions"));
        int warmUpRequests = Integer.parseInt(options.get("warmup").replace("_", ""));
        Contender contender = CONTENDERS.get(algorithm);
        if (contender == null) {
            throw new IllegalArgumentException("algorithm " + algorithm + " is not compared; use one of " + CONTENDERS.keySet());
        }
        Path directory = Files.createTempDirectory("streamtrain-python-scoring");
        SyntheticBatches batches = SyntheticBatches.forFeatures(FEATURES, directory);
        SyntheticTable table = SyntheticTable.generate(TABLE_ROWS, FEATURES, 42);
        Path csv = directory.resolve("train.csv");
        table.writeCsv(csv);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
             KafkaProducer<byte[], byte[]> models = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PipelineTopics.MODEL_MAX_MESSAGE_BYTES), new ByteArraySerializer(), new ByteArraySerializer())) {
            String servers = broker.bootstrapServers();
            BenchPipeline warmUp = pipeline("warm-up-python", servers, batches, admin, partitions);
            fill(warmUp, models, batches, contender, table, servers, warmUpRequests);
            ScorerRun.Result warm = ScorerRun.run(warmUp, admin, instances);

            BenchPipeline bench = pipeline("bench-python", servers, batches, admin, partitions);
            RequestLoader.Loaded loaded = fill(bench, models, batches, contender, table, servers, requests);
            String requestsTopic = bench.pipeline().topics().scoreRequests();
            double plain = Math.min(PlainConsumerBaseline.seconds(servers, requestsTopic, requests),
                    PlainConsumerBaseline.seconds(servers, requestsTopic, requests));
            ScorerRun.Result scorer = ScorerRun.run(bench, admin, instances);
            PredictionAudit audit = PredictionAudit.read(bench, admin, requests);
            String pythonPredictions = bench.name() + ".python-predictions";
            admin.createTopics(List.of(new NewTopic(pythonPredictions, bench.pipeline().inputPartitions(), (short) 1))).all().get();
            MachineLoad before = MachineLoad.now();
            PythonScoringLoop.Result python = PythonScoringLoop.run(servers, requestsTopic, pythonPredictions, csv, TEST_FRACTION, requests, contender);
            MachineLoad after = MachineLoad.now();
            double brokerDuringPython = after.processSecondsSince(before);
            double othersDuringPython = Math.max(0, ((after.machineBusyNanos() - before.machineBusyNanos()) - (after.processNanos() - before.processNanos())
                    - python.cpuSeconds() * 1e9) / (after.machineTotalNanos() - before.machineTotalNanos()));
            print(contender, instances, partitions, loaded, warmUpRequests / warm.scoringSeconds(), plain, scorer, audit, python,
                    brokerDuringPython, othersDuringPython);
            if (!audit.exactlyOnce(requests, 1)) {
                System.out.println("\nFAILED: the scorer did not answer every request exactly once: " + audit);
                System.exit(1);
            }
        }
    }

    private static BenchPipeline pipeline(String name, String servers, SyntheticBatches batches, Admin admin, int partitions) {
        Map<String, String> settings = new HashMap<>();
        settings.put(PipelineConfig.INPUT_PARTITIONS_CONFIG, String.valueOf(partitions));
        settings.put(PipelineConfig.INPUT_SCHEMA_CONFIG, batches.schemaFile().toString());
        settings.put(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "");
        settings.put(PipelineConfig.LABEL_FIELD_CONFIG, SyntheticBatches.CLASS_LABEL);
        settings.put(PipelineConfig.FEATURE_FIELDS_CONFIG, IntStream.range(0, FEATURES).mapToObj(j -> "f" + j).collect(Collectors.joining(",")));
        return BenchPipeline.create(name, servers, settings, admin);
    }

    /** Publishes a model of {@code contender} trained on {@code table} and fills the requests topic with {@code requests} requests. */
    private static RequestLoader.Loaded fill(BenchPipeline pipeline, KafkaProducer<byte[], byte[]> models, SyntheticBatches batches,
                                             Contender contender, SyntheticTable table, String servers, int requests) {
        TrainingSettings settings = contender.settings(TEST_FRACTION, 10);
        TrainingOutcome outcome = new BatchTrainer().train(batches.request(pipeline.pipeline(), settings, table));
        if (!(outcome instanceof TrainingOutcome.Trained trained)) {
            throw new IllegalStateException(contender.algorithm() + " made no model: " + outcome);
        }
        ModelEnvelope model = trained.envelope();
        pipeline.publish(models, model);
        return RequestLoader.fill(servers, pipeline.pipeline().topics().scoreRequests(),
                new SyntheticRequests(SyntheticTable.generate(TABLE_ROWS, FEATURES, 43)), requests);
    }

    private static void print(Contender contender, int instances, int partitions, RequestLoader.Loaded loaded, double warmUpRate, double plainSeconds,
                              ScorerRun.Result scorer, PredictionAudit audit, PythonScoringLoop.Result python, double brokerDuringPython,
                              double othersDuringPython) {
        System.out.printf(Locale.ROOT, "%nScoring %s, streamtrain's scorer against a Python confluent-kafka + scikit-learn loop "
                        + "(JDK %s, %d cores, Smile %s)%n", contender.algorithm(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), RuntimeVersions.smile());
        System.out.printf(Locale.ROOT, "%,d single-record JSON requests of %.0f bytes on average, %d partitions; scorer instances %d; "
                + "scorer warm-up %,.0f requests/s; other processes used %.0f%% of the machine while the scorer ran, %.0f%% while the "
                + "Python loop ran%n%n", loaded.requests(), loaded.averageRequestBytes(), partitions, instances, warmUpRate, 100 * scorer.otherProcessesShare(), 100 * othersDuringPython);
        System.out.println("| reader | s | requests/s | CPU s (client + broker) | requests per CPU s | delivery | requests/s vs Python |");
        System.out.println("|---|---:|---:|---:|---:|---|---:|");
        double pythonRate = python.requestsPerSecond();
        long n = loaded.requests();
        System.out.printf(Locale.ROOT, "| plain Java consumer (no scoring) | %.2f | %,.0f | | | | %.1fx |%n",
                plainSeconds, n / plainSeconds, n / plainSeconds / pythonRate);
        System.out.printf(Locale.ROOT, "| streamtrain scorer (%s%s) | %.2f | %,.0f | %.2f | %,.0f | exactly once: %s | **%.2fx** |%n",
                contender.algorithm(), instances == 1 ? "" : ", " + instances + " instances", scorer.scoringSeconds(), n / scorer.scoringSeconds(), scorer.processCpuSeconds(),
                n / scorer.processCpuSeconds(), audit.exactlyOnce(n, 1) ? "yes" : "NO", n / scorer.scoringSeconds() / pythonRate);
        double pythonCpu = python.cpuSeconds() + brokerDuringPython;
        System.out.printf(Locale.ROOT, "| Python confluent-kafka + scikit-learn %s | %.2f | %,.0f | %.2f + %.2f | %,.0f | at least once | 1.00x |%n",
                contender.estimator(), python.seconds(), pythonRate, python.cpuSeconds(), brokerDuringPython, n / pythonCpu);
        // The scorer shares its JVM with the broker: its own threads are told apart by name, the rest is the broker's
        // (with the JVM's GC and JIT, and this benchmark's offset polling); the Python loop's broker is the same JVM.
        System.out.printf(Locale.ROOT, "%nCPU per request: scorer %.1f µs (its threads %.1f, broker and JVM %.1f); "
                        + "Python loop %.1f µs (its process %.1f, broker and JVM %.1f)%n",
                1e6 * scorer.processCpuSeconds() / n, 1e6 * scorer.scorerCpuSeconds() / n,
                1e6 * (scorer.processCpuSeconds() - scorer.scorerCpuSeconds()) / n,
                1e6 * pythonCpu / n, 1e6 * python.cpuSeconds() / n, 1e6 * brokerDuringPython / n);
    }
}
