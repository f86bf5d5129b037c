package io.streamtrain.bench.scoring;

import com.sun.management.OperatingSystemMXBean;
import io.streamtrain.bench.training.ChurnBatches;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.drift.DriftMeters;
import io.streamtrain.scorer.drift.DriftSettings;
import io.streamtrain.scorer.drift.LiveMonitor;
import io.streamtrain.scorer.drift.RetrainTrigger;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelInstaller;
import io.streamtrain.scorer.model.ModelLoading;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.model.VerifiedModel;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.scorer.serve.RequestScorer;
import io.streamtrain.scorer.serve.ScoredRecordListener;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What drift and live-quality monitoring cost the scoring path: the scorer's {@link RequestScorer} (built as
 * {@code ScorerService} builds it: parse, extract, predict, encode) applied to in-memory score requests on three
 * sides: monitoring off ({@link ScoredRecordListener#NONE}), drift only (a {@link LiveMonitor} with
 * {@code scorer.labels.enabled=false}), and drift with late labels (a {@link LiveMonitor} with the scorer's default
 * {@code scorer.drift.*} and {@code scorer.labels.*} settings: a 1000-record window checked every 100 records, and
 * every prediction remembered for its late label). Each round times the three back to back, rotating which goes
 * first; the figures are the medians of the rounds' ratios to the off side, which a change of machine load between
 * rounds does not move. Each side is timed twice: wall-clock time, and the process's CPU time (every thread,
 * garbage collection included), which other processes on a loaded machine do not inflate.
 *
 * <p>Kafka is left out on purpose: it is most of a real scorer's time (see the scoring throughput benchmark), so the
 * overhead measured here against the scorer's own CPU work is an upper bound of what monitoring takes from
 * topic-to-topic throughput. The join of a late label ({@link LiveMonitor#labelled}) runs on the label reader's
 * thread, not the scoring thread; its cost per label is printed beside.
 *
 * <p>Run with {@code mvn -B -q -Pdrift-benchmark -pl bench -am package -DskipTests}. Arguments (through
 * {@code -Dbench.drift.args="..."}): an optional number of customers per round (default {@value #DEFAULT_CUSTOMERS}),
 * then any {@code scorer.*} setting of the monitored sides, for example {@code scorer.drift.window.records=5000}.
 */
public final class DriftCostBenchmark {

    private static final int DEFAULT_CUSTOMERS = 200_000;
    private static final int ROUNDS = 11;
    private static final int TRAINING_RECORDS = 10_000;
    private static final String PIPELINE = "drift-bench";
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final List<RequestShape> SHAPES = List.of(new RequestShape("single", 1), new RequestShape("list", 10));
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int OFF = 0;
    private static final int DRIFT = 1;
    private static final int DRIFT_AND_LABELS = 2;

    /** One timing of one side: microseconds per customer, wall-clock and process CPU. */
    private record Cost(double wallMicros, double cpuMicros) {
    }

    private DriftCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 && !args[0].contains("=") ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_CUSTOMERS;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE);
        settings.put(ScorerConfig.HTTP_PORT_CONFIG, String.valueOf(ScorerConfig.HTTP_DISABLED));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                settings.put(arg.substring(0, equals).trim(), arg.substring(equals + 1).trim());
            }
        }
        ScorerConfig config = new ScorerConfig(PipelineDefinition.of("settings", settings));
        Map<String, String> driftOnlySettings = new LinkedHashMap<>(settings);
        driftOnlySettings.put(ScorerConfig.LABELS_ENABLED_CONFIG, "false");
        DriftSettings driftOnly = new ScorerConfig(PipelineDefinition.of("settings", driftOnlySettings)).drift();
        PipelineConfig pipeline = config.pipeline();
        TrainingOutcome outcome = new BatchTrainer().train(ChurnBatches.request(pipeline, 1, TRAINING_RECORDS, 7));
        ModelEnvelope envelope = ((TrainingOutcome.Trained) outcome).envelope();
        ScoringModel model = new VerifiedModel(ModelLoader.load(envelope, PIPELINE));

        System.out.printf(Locale.ROOT, "Drift and live-quality monitoring on the scoring path: %,d customers per round, %d rounds "
                + "of the three sides back to back; %s%n%n", customers, ROUNDS, describe(config.drift()));
        System.out.println("| requests | off, best (µs/customer) | drift only: wall | drift only: CPU | drift + labels: wall | drift + labels: CPU |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double worstDrift = 0;
        double worstBoth = 0;
        List<String> labelCosts = new ArrayList<>();
        for (RequestShape shape : SHAPES) {
            int requests = customers / shape.customers();
            List<ConsumerRecord<byte[], byte[]>> batch = requests(pipeline, shape, requests);
            LiveMonitor full = monitor(pipeline, config.drift(), envelope);
            RequestScorer[] sides = {scorer(config, ScoredRecordListener.NONE), scorer(config, monitor(pipeline, driftOnly, envelope)),
                    scorer(config, full)};
            double bestOff = Double.MAX_VALUE;
            double[][] wallRatios = new double[sides.length][ROUNDS];
            double[][] cpuRatios = new double[sides.length][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                // Each round times the sides back to back, rotating which goes first, so a change in machine load
                // between rounds hits all of them; the medians of the rounds' ratios are the figures.
                Cost[] costs = new Cost[sides.length];
                for (int i = 0; i < sides.length; i++) {
                    int side = (round + i) % sides.length;
                    costs[side] = cost(sides[side], model, batch, customers);
                }
                bestOff = Math.min(bestOff, costs[OFF].wallMicros());
                for (int side = 0; side < sides.length; side++) {
                    wallRatios[side][round] = costs[side].wallMicros() / costs[OFF].wallMicros();
                    cpuRatios[side][round] = costs[side].cpuMicros() / costs[OFF].cpuMicros();
                }
            }
            System.out.printf(Locale.ROOT, "| %s (%d per request) | %.2f | %s | %s | %s | %s |%n", shape.name(), shape.customers(), bestOff,
                    overhead(wallRatios[DRIFT]), overhead(cpuRatios[DRIFT]), overhead(wallRatios[DRIFT_AND_LABELS]),
                    overhead(cpuRatios[DRIFT_AND_LABELS]));
            worstDrift = Math.max(worstDrift, Math.max(median(wallRatios[DRIFT]), median(cpuRatios[DRIFT])) - 1);
            worstBoth = Math.max(worstBoth, Math.max(median(wallRatios[DRIFT_AND_LABELS]), median(cpuRatios[DRIFT_AND_LABELS])) - 1);
            int remembered = Math.min(customers, config.drift().maxPending()) / shape.customers() * shape.customers();
            labelCosts.add(String.format(Locale.ROOT, "%.3f µs (%s)", labelMicros(full, shape, requests, remembered), shape.name()));
        }
        System.out.println("\nOverheads are medians of the rounds' ratios to the off side. Late-label join on the label reader's thread, "
                + "per label: " + String.join(", ", labelCosts) + ".");
        System.out.printf(Locale.ROOT, "Largest overhead of drift computation: %.1f%%; of drift and late labels together: %.1f%% "
                + "of the scorer's own work per customer (target: under 10%%): %s%n", 100 * worstDrift, 100 * worstBoth,
                worstBoth < 0.10 ? "met for both" : worstDrift < 0.10 ? "met for drift, not with late labels" : "NOT met");
    }

    private static String overhead(double[] ratios) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (median(ratios) - 1));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Cost cost(RequestScorer scorer, ScoringModel model, List<ConsumerRecord<byte[], byte[]>> batch, int customers) {
        long cpuStarted = OS.getProcessCpuTime();
        long started = System.nanoTime();
        long produced = 0;
        for (ConsumerRecord<byte[], byte[]> request : batch) {
            produced += scorer.score(request, model).size();
        }
        long elapsed = System.nanoTime() - started;
        long cpu = OS.getProcessCpuTime() - cpuStarted;
        if (produced != (long) batch.size() * (customers / batch.size())) {
            throw new IllegalStateException("scoring produced " + produced + " records for " + customers + " customers");
        }
        return new Cost(elapsed / 1e3 / produced, cpu / 1e3 / produced);
    }

    /**
     * Joins a label with each prediction the monitor still remembers (the latest customers of {@code shape}), as the
     * label reader would; microseconds per label.
     */
    private static double labelMicros(LiveMonitor monitor, RequestShape shape, int requests, int remembered) {
        long started = System.nanoTime();
        int labels = 0;
        for (int request = requests - 1; request >= 0 && labels < remembered; request--) {
            for (int i = 0; i < shape.customers(); i++, labels++) {
                monitor.labelled("q" + request + "-" + i, "churn");
            }
        }
        long elapsed = System.nanoTime() - started;
        if (monitor.labelCounts().joined() != labels) {
            throw new IllegalStateException("joined " + monitor.labelCounts().joined() + " of " + labels + " labels");
        }
        return elapsed / 1e3 / labels;
    }

    private static List<ConsumerRecord<byte[], byte[]>> requests(PipelineConfig pipeline, RequestShape shape, int count) {
        ScoreRequests source = new ScoreRequests(shape.customers(), 11);
        String topic = pipeline.topics().scoreRequests();
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(count);
        for (int offset = 0; offset < count; offset++) {
            batch.add(new ConsumerRecord<>(topic, 0, offset, source.nextId().getBytes(StandardCharsets.UTF_8), source.nextValue()));
        }
        return batch;
    }

    private static RequestScorer scorer(ScorerConfig config, ScoredRecordListener listener) {
        PipelineConfig pipeline = config.pipeline();
        return new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(pipeline.inputSchema())),
                new FeatureExtractor(pipeline.featureSpec()), pipeline.predictionFormat(), pipeline.pipelineName(),
                pipeline.topics().predictions(), pipeline.topics().deadLetters(), Clock.systemUTC(), listener);
    }

    /** A monitor as the scorer builds it, serving {@code envelope}'s model (installed as the follower does); its events go nowhere. */
    private static LiveMonitor monitor(PipelineConfig pipeline, DriftSettings settings, ModelEnvelope envelope) {
        PipelineEvents events = new PipelineEvents(PIPELINE, "bench");
        CurrentModel current = new CurrentModel();
        new ModelInstaller(pipeline.featureSpec(), ModelVerifier.acceptUnsigned(), ModelLoading.verified(), current, events, event -> { }, "bench")
                .offer(new ConsumerRecord<>(pipeline.topics().models(), 0, 0L, null, ENVELOPES.encode(envelope)));
        return new LiveMonitor(settings, current, new RetrainTrigger(settings.retrainEnabled(), event -> { }, event -> { }, events),
                event -> { }, events, new DriftMeters(PIPELINE, "bench"), Clock.systemUTC());
    }

    private static String describe(DriftSettings settings) {
        return "window " + settings.windowRecords() + " records, check every " + settings.checkIntervalRecords()
                + ", up to " + settings.maxPending() + " predictions awaiting labels";
    }
}
