package io.streamtrain.bench.scoring;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.RuntimeVersions;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.model.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Native against ONNX scoring in one run, on one embedded broker, for logistic regression and a 100-tree random forest
 * (the pipeline defaults of each): the same model served with {@code scorer.model.runtime=native} and {@code onnx}.
 * <ol>
 *   <li>Topic to topic: for each algorithm and runtime, a fresh exactly-once {@code ScorerService} ({@link ScorerRun})
 *       answers N single-customer requests (default 300,000) pre-filled on the requests topic; every customer must be
 *       answered exactly once ({@link PredictionAudit}). A warm-up round of every pair with half as many customers
 *       comes first, so that neither runtime pays alone for compiling the shared code.</li>
 *   <li>REST: for each algorithm and runtime, {@link RestLatencyBenchmark#measure} at a fixed rate (default 1,000
 *       requests/s, 30 s after its warm-up).</li>
 *   <li>Export size: for each classification algorithm, a model trained on the same 10,000 demo records, its native
 *       bytes against its ONNX graph's.</li>
 * </ol>
 * The machine's load average is printed before and after: compare the runtimes by their ratio within one run.
 *
 * <p>Run with {@code mvn -B -q -Pruntime-benchmark -pl bench -am package -DskipTests}. Arguments (through
 * {@code -Dbench.runtime.args="..."}): customers, REST requests per second and REST seconds, then any {@code key=value}
 * setting for every scorer.
 */
public final class RuntimeComparisonBenchmark {

    private static final int DEFAULT_CUSTOMERS = 300_000;
    private static final int DEFAULT_RATE = 1000;
    private static final int DEFAULT_SECONDS = 30;
    private static final long MODEL_SEED = 7;
    private static final long REQUEST_SEED = 11;
    private static final List<String> SCORED_ALGORITHMS = List.of("logistic-regression", "random-forest");
    private static final List<String> EXPORTED_ALGORITHMS = List.of("logistic-regression", "random-forest", "gradient-boosted-trees");
    private static final List<ModelRuntime> RUNTIMES = List.of(ModelRuntime.NATIVE, ModelRuntime.ONNX);
    private static final RequestShape SINGLE = new RequestShape("single", 1);

    private RuntimeComparisonBenchmark() {
    }

    /** One topic-to-topic run: the records it answered, the scorer's figures and the audit of its predictions. */
    private record TopicRun(String algorithm, ModelRuntime runtime, RequestLoader.Loaded loaded, ScorerRun.Result scorer,
                            PredictionAudit audit) {

        boolean exactlyOnce() {
            return audit.exactlyOnce(loaded.records(), 1);
        }
    }

    /** One REST run. */
    private record RestRun(String algorithm, ModelRuntime runtime, RestLatencyBenchmark.Measured measured) {
    }

    /** One model's sizes. */
    private record ExportSize(String algorithm, int modelBytes, int graphBytes, long trainingMillis) {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = BenchArguments.parse(args);
        int customers = arguments.number(0, DEFAULT_CUSTOMERS);
        int rate = arguments.number(1, DEFAULT_RATE);
        int seconds = arguments.number(2, DEFAULT_SECONDS);
        Map<String, String> settings = arguments.settings();
        String loadBefore = loadAverage();
        List<TopicRun> topicRuns = new ArrayList<>();
        List<RestRun> restRuns = new ArrayList<>();
        List<ExportSize> sizes = new ArrayList<>();
        // A 100-tree forest's envelope (model and graph) is several megabytes, published as the trainer does.
        try (ScoringCluster cluster = ScoringCluster.start(Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PipelineTopics.MODEL_MAX_MESSAGE_BYTES,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"))) {
            String servers = cluster.bootstrapServers();
            Admin admin = cluster.admin();
            KafkaProducer<byte[], byte[]> models = cluster.models();
            for (String algorithm : SCORED_ALGORITHMS) {
                for (ModelRuntime runtime : RUNTIMES) {
                    topicRun("warm-up", algorithm, runtime, customers / 2, settings, servers, admin, models);
                }
            }
            for (String algorithm : SCORED_ALGORITHMS) {
                for (ModelRuntime runtime : RUNTIMES) {
                    topicRuns.add(topicRun("bench", algorithm, runtime, customers, settings, servers, admin, models));
                }
            }
            for (String algorithm : SCORED_ALGORITHMS) {
                for (ModelRuntime runtime : RUNTIMES) {
                    Map<String, String> rest = with(settings, algorithm, runtime);
                    rest.putIfAbsent(ScorerConfig.HTTP_PORT_CONFIG, "0");
                    BenchPipeline pipeline = BenchPipeline.create(name("rest", algorithm, runtime), servers, rest, admin);
                    pipeline.publish(models, pipeline.train(1, MODEL_SEED));
                    restRuns.add(new RestRun(algorithm, runtime, RestLatencyBenchmark.measure(pipeline, rate, Duration.ofSeconds(seconds))));
                }
            }
            for (String algorithm : EXPORTED_ALGORITHMS) {
                BenchPipeline pipeline = BenchPipeline.create(name("export", algorithm, ModelRuntime.NATIVE), servers,
                        with(settings, algorithm, ModelRuntime.NATIVE), admin);
                ModelEnvelope envelope = pipeline.train(1, MODEL_SEED);
                sizes.add(new ExportSize(algorithm, envelope.getModelBytes().remaining(), envelope.getOnnx().getGraph().remaining(),
                        envelope.getTrainingMillis()));
            }
        }
        print(settings, customers, rate, seconds, loadBefore, loadAverage(), topicRuns, restRuns, sizes);
        if (!topicRuns.stream().allMatch(TopicRun::exactlyOnce)) {
            System.out.println("\nFAILED: a run did not answer every customer exactly once; its figures are not valid.");
            System.exit(1);
        }
    }

    private static TopicRun topicRun(String prefix, String algorithm, ModelRuntime runtime, int customers, Map<String, String> settings,
                                     String servers, Admin admin, KafkaProducer<byte[], byte[]> models) throws InterruptedException {
        BenchPipeline pipeline = BenchPipeline.create(name(prefix, algorithm, runtime), servers, with(settings, algorithm, runtime), admin);
        pipeline.publish(models, pipeline.train(1, MODEL_SEED));
        RequestLoader.Loaded loaded = RequestLoader.fill(servers, pipeline.pipeline().topics().scoreRequests(),
                new ScoreRequests(SINGLE.customers(), REQUEST_SEED), customers);
        ScorerRun.Result scorer = ScorerRun.run(pipeline, admin);
        return new TopicRun(algorithm, runtime, loaded, scorer, PredictionAudit.read(pipeline, admin, loaded.records()));
    }

    private static Map<String, String> with(Map<String, String> settings, String algorithm, ModelRuntime runtime) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(PipelineConfig.MODEL_ALGORITHM_CONFIG, algorithm);
        all.put(ModelRuntime.CONFIG, runtime.name().toLowerCase(Locale.ROOT));
        return all;
    }

    private static String name(String prefix, String algorithm, ModelRuntime runtime) {
        return prefix + "-" + algorithm + "-" + runtime.name().toLowerCase(Locale.ROOT);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static void print(Map<String, String> settings, int customers, int rate, int seconds, String loadBefore, String loadAfter,
                              List<TopicRun> topicRuns, List<RestRun> restRuns, List<ExportSize> sizes) {
        System.out.printf(Locale.ROOT, "%nNative against ONNX scoring (JDK %s, %d cores, Smile %s); settings %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), RuntimeVersions.smile(), settings);
        System.out.printf(Locale.ROOT, "Load average (1, 5, 15 min, /proc/loadavg) before: %s; after: %s%n%n", loadBefore, loadAfter);
        System.out.printf(Locale.ROOT, "Topic to topic, %,d single-customer requests, exactly-once, one scorer instance:%n%n", customers);
        System.out.println("| algorithm | runtime | records/s | vs native | scoring loop CPU µs/record | process CPU µs/record | others' CPU share | exactly once |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---|");
        for (TopicRun run : topicRuns) {
            double rate1 = run.loaded().records() / run.scorer().scoringSeconds();
            double nativeRate = topicRuns.stream().filter(r -> r.algorithm().equals(run.algorithm()) && r.runtime() == ModelRuntime.NATIVE)
                    .mapToDouble(r -> r.loaded().records() / r.scorer().scoringSeconds()).findFirst().orElse(rate1);
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2fx | %.1f | %.1f | %.0f%% | %s |%n", run.algorithm(), lower(run.runtime()),
                    rate1, rate1 / nativeRate, 1e6 * run.scorer().loopCpuSeconds() / run.loaded().records(),
                    1e6 * run.scorer().processCpuSeconds() / run.loaded().records(), 100 * run.scorer().otherProcessesShare(),
                    run.exactlyOnce() ? "yes" : "NO");
        }
        System.out.printf(Locale.ROOT, "%nREST predict, one customer per request, open loop at %,d requests/s for %d s after a warm-up:%n%n", rate, seconds);
        System.out.println("| algorithm | runtime | requests | errors | p50 ms | p99 ms | p99.9 ms | others' CPU share |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (RestRun run : restRuns) {
            OpenLoopLoad.Run load = run.measured().run();
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %d | %.2f | %.2f | %.2f | %.0f%% |%n", run.algorithm(), lower(run.runtime()),
                    load.latencyNanos().length, load.errors(), load.percentileMillis(50), load.percentileMillis(99),
                    load.percentileMillis(99.9), 100 * run.measured().otherProcessesShare());
        }
        System.out.printf(Locale.ROOT, "%nExport size, models trained on the same 10,000 demo records (pipeline defaults):%n%n");
        System.out.println("| algorithm | native model bytes | ONNX graph bytes | graph / native | training ms (export and check included) |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (ExportSize size : sizes) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,d |%n", size.algorithm(), size.modelBytes(), size.graphBytes(),
                    (double) size.graphBytes() / size.modelBytes(), size.trainingMillis());
        }
    }

    private static String lower(ModelRuntime runtime) {
        return runtime.name().toLowerCase(Locale.ROOT);
    }
}
