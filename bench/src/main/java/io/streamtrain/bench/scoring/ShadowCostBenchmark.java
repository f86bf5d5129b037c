package io.streamtrain.bench.scoring;

import io.streamtrain.core.config.DeployKeys;
import io.streamtrain.messages.ModelEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a shadow trial costs topic-to-topic scoring: one pipeline on an embedded broker with a champion (version 1) and
 * a challenger announced on trial (version 2, as the trainer announces it under {@code deploy.strategy=shadow}), one
 * pre-filled 3-partition requests topic, and fresh {@code ScorerService}s, each in a group of its own, reading it
 * end to end: with {@code deploy.strategy=immediate} (the scorer refuses the trial: champion only, "off") and with
 * {@code deploy.strategy=shadow} (every customer scored by both, the challenger's prediction to the shadow-predictions
 * topic in the same transaction, "on"). The sides alternate (off, on, off, on, ...) so a steady drift of the machine's
 * speed does not favour one; each side's figure is the median of its runs. Times run from the end of a scorer's start
 * until its group has committed every request (see {@link ScorerRun}).
 *
 * <p>Run under the benchmark lock with {@code mvn -B -q -Pshadow-benchmark -pl bench -am package -DskipTests}.
 * Arguments (through {@code -Dbench.shadow.args="..."}): an optional customer count (default
 * {@value #DEFAULT_CUSTOMERS}), then an optional number of runs per side (default {@value #DEFAULT_RUNS}).
 */
public final class ShadowCostBenchmark {

    private static final int DEFAULT_CUSTOMERS = 300_000;
    private static final int DEFAULT_RUNS = 3;
    private static final long CHAMPION_SEED = 7;
    private static final long CHALLENGER_SEED = 8;
    private static final long REQUEST_SEED = 11;
    private static final RequestShape SHAPE = new RequestShape("list", 10);

    private ShadowCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_CUSTOMERS;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_RUNS;
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        try (ScoringCluster cluster = ScoringCluster.start()) {
            Admin admin = cluster.admin();
            KafkaProducer<byte[], byte[]> models = cluster.models();
            BenchPipeline pipeline = BenchPipeline.create("shadow-bench", cluster.bootstrapServers(), Map.of(), admin);
            ModelEnvelope champion = pipeline.train(1, CHAMPION_SEED);
            pipeline.publish(models, champion);
            pipeline.publishTrial(models, pipeline.train(2, CHALLENGER_SEED), champion.getVersion());
            RequestLoader.Loaded loaded = RequestLoader.fill(cluster.bootstrapServers(), pipeline.pipeline().topics().scoreRequests(),
                    new ScoreRequests(SHAPE.customers(), REQUEST_SEED), customers / SHAPE.customers());
            // A warm-up run of each side, not counted: the first scorer of a JVM runs while the JIT compiles.
            ScorerRun.run(scorer(pipeline, "warm-off", "immediate"), admin);
            ScorerRun.run(scorer(pipeline, "warm-on", "shadow"), admin);
            for (int run = 1; run <= runs; run++) {
                off.add(loaded.records() / ScorerRun.run(scorer(pipeline, "off-" + run, "immediate"), admin).scoringSeconds());
                on.add(loaded.records() / ScorerRun.run(scorer(pipeline, "on-" + run, "shadow"), admin).scoringSeconds());
            }
            System.out.printf(Locale.ROOT, "%n| Shadow (%d customers, %d per request, %d runs per side) | customers/s (median) | runs |%n",
                    loaded.records(), SHAPE.customers(), runs);
            System.out.println("|---|---:|---|");
            System.out.printf(Locale.ROOT, "| off: champion only | %.0f | %s |%n", median(off), rounded(off));
            System.out.printf(Locale.ROOT, "| on: champion and challenger | %.0f | %s |%n", median(on), rounded(on));
            System.out.printf(Locale.ROOT, "%nShadow on / off: %.2f%n", median(on) / median(off));
        }
    }

    private static BenchPipeline scorer(BenchPipeline pipeline, String suffix, String strategy) {
        return pipeline.anotherScorer(suffix, Map.of(DeployKeys.STRATEGY_CONFIG, strategy));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
    }
}
