package io.streamtrain.bench.scoring;

import io.streamtrain.messages.ModelEnvelope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures topic-to-topic scoring against a plain consumer on one embedded broker, in one run, for two request
 * shapes: one customer per request (plain JSON objects) and ten per request (the demo's wrapper requests).
 * After a warm-up round with half as many customers on pipelines of their own, for each shape it
 * <ol>
 *   <li>publishes a model trained by {@code BatchTrainer} to the pipeline's models topic;</li>
 *   <li>pre-fills the 3-partition score-requests topic with N customers (default 1,000,000);</li>
 *   <li>(a) times a plain {@code read_committed} consumer reading the requests topic end to end (best of two);</li>
 *   <li>(b) times a fresh {@code ScorerService} (exactly-once, JSON predictions) from the end of its start until every
 *       request's offset is committed, i.e. until every prediction is committed on the predictions topic;</li>
 *   <li>reads the predictions back to check each customer was answered exactly once;</li>
 *   <li>(c) times a second fresh {@code ScorerService} with drift and late-label monitoring off, then (d) a third with
 *       it on again, each in a group of its own over the same requests: monitoring's cost topic to topic is (b) and
 *       (d) against (c), which cancels a steady drift of the machine's speed across the three runs;</li>
 *   <li>times the scorer's per-customer work without Kafka, stage by stage, to show what the CPU goes to.</li>
 * </ol>
 * {@link ThroughputReport} prints the figures, and where the scorer's time went, as Markdown tables.
 *
 * <p>Run with {@code mvn -B -q -Pscoring-benchmark -pl bench -am package -DskipTests}. Arguments (through
 * {@code -Dbench.scoring.args="..."}): an optional customer count, then any {@code key=value} pipeline,
 * {@code scorer.*} or {@code kafka.*} setting for the scorer, for example {@code scorer.max.poll.records=5000}.
 *
 * <p>Why so many customers: with 200,000 (and a warm-up of 100,000) the JIT compiler was still compiling the scorer's,
 * the clients' and the broker's code during the timed run, on the same 2 cores, and the scorer measured half of what
 * it does warm. A million takes about 80 seconds with the default settings.
 */
public final class ScoringThroughputBenchmark {

    private static final int DEFAULT_CUSTOMERS = 1_000_000;
    private static final long MODEL_SEED = 7;
    private static final long REQUEST_SEED = 11;
    private static final int COST_SAMPLE_CUSTOMERS = 50_000;
    private static final List<RequestShape> SHAPES = List.of(new RequestShape("single", 1), new RequestShape("list", 10));

    private ScoringThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 && !args[0].contains("=") ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_CUSTOMERS;
        Map<String, String> settings = settings(args);
        List<ThroughputOutcome> warmUp = new ArrayList<>();
        List<ThroughputOutcome> outcomes = new ArrayList<>();
        try (ScoringCluster cluster = ScoringCluster.start()) {
            for (RequestShape shape : SHAPES) {
                warmUp.add(measure(shape, "warm-up-" + shape.name(), customers / 2, settings, cluster, false));
            }
            for (RequestShape shape : SHAPES) {
                outcomes.add(measure(shape, "bench-" + shape.name(), customers, settings, cluster, true));
            }
        }
        ThroughputReport.print(settings, warmUp, outcomes, COST_SAMPLE_CUSTOMERS);
        if (!outcomes.stream().allMatch(ThroughputOutcome::exactlyOnce)) {
            System.out.println("\nFAILED: a run did not answer every customer exactly once; its figures are not valid.");
            System.exit(1);
        }
    }

    private static ThroughputOutcome measure(RequestShape shape, String pipelineName, int customers, Map<String, String> settings,
                                             ScoringCluster cluster, boolean withCost) throws Exception {
        BenchPipeline pipeline = BenchPipeline.create(pipelineName, cluster.bootstrapServers(), settings, cluster.admin());
        ModelEnvelope model = pipeline.train(1, MODEL_SEED);
        pipeline.publish(cluster.models(), model);
        String requests = pipeline.pipeline().topics().scoreRequests();
        RequestLoader.Loaded loaded = RequestLoader.fill(cluster.bootstrapServers(), requests,
                new ScoreRequests(shape.customers(), REQUEST_SEED), customers / shape.customers());
        double plain = Math.min(PlainConsumerBaseline.seconds(cluster.bootstrapServers(), requests, loaded.requests()),
                PlainConsumerBaseline.seconds(cluster.bootstrapServers(), requests, loaded.requests()));
        ScorerRun.Result scorer = ScorerRun.run(pipeline, cluster.admin());
        PredictionAudit audit = PredictionAudit.read(pipeline, cluster.admin(), loaded.records());
        ScorerRun.Result unmonitored = withCost ? ScorerRun.run(pipeline.anotherScorer("unmonitored", false), cluster.admin()) : null;
        ScorerRun.Result monitoredAgain = withCost ? ScorerRun.run(pipeline.anotherScorer("monitored-again", true), cluster.admin()) : null;
        ScoringCost cost = withCost
                ? ScoringCost.measure(pipeline, model, new ScoreRequests(shape.customers(), REQUEST_SEED), COST_SAMPLE_CUSTOMERS / shape.customers())
                : null;
        return new ThroughputOutcome(shape, loaded, plain, scorer, audit, unmonitored, monitoredAgain, cost);
    }

    private static Map<String, String> settings(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                settings.put(arg.substring(0, equals).trim(), arg.substring(equals + 1).trim());
            }
        }
        return settings;
    }
}
