package io.streamtrain.bench.training;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.evaluate.ClassificationMetrics;
import io.streamtrain.ml.model.RuntimeVersions;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times {@link BatchTrainer#train} (split, preprocessing fit, logistic-regression fit, test-set evaluation,
 * serialization into the model envelope) on demo batches of 1,000, 10,000 and 100,000 records, and derives how
 * training time scales with the batch: the exponent {@code log10(t(10n) / t(n))} is 1 for linear growth.
 *
 * <p>Every size is warmed up first; the measured runs then take turns across the sizes, so a burst of other work
 * on a shared machine slows one run of each size rather than every run of one. A full garbage collection before
 * each run keeps one run's garbage out of the next run's time. Smile computes the logistic-regression gradient on
 * every core, so each run's CPU time is printed next to its wall-clock time, and the share of the machine other
 * processes took during the runs above the table.
 *
 * <p>Run with {@code mvn -B -q -Ptraining-benchmark -pl bench -am package -DskipTests}.
 */
public final class TrainingBenchmark {

    private static final int[] SIZES = {1_000, 10_000, 100_000};
    private static final int[] WARM_UP_RUNS = {50, 10, 3};
    private static final int[] MEASURED_RUNS = {41, 21, 11};
    private static final long SEED = 42;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) {
        PipelineConfig pipeline = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "bench"));
        List<TrainingRequest> requests = new ArrayList<>();
        for (int size : SIZES) {
            requests.add(ChurnBatches.request(pipeline, 1, size, SEED));
        }
        BatchTrainer trainer = new BatchTrainer();
        warmUp(trainer, requests);
        long[][] nanos = new long[SIZES.length][];
        long[][] cpuNanos = new long[SIZES.length][];
        ModelEnvelope[] envelopes = new ModelEnvelope[SIZES.length];
        MachineLoad before = MachineLoad.now();
        measure(trainer, requests, nanos, cpuNanos, envelopes);
        double others = MachineLoad.now().otherProcessesShareSince(before);
        print(nanos, cpuNanos, envelopes, others);
    }

    private static void warmUp(BatchTrainer trainer, List<TrainingRequest> requests) {
        for (int s = 0; s < SIZES.length; s++) {
            for (int run = 0; run < WARM_UP_RUNS[s]; run++) {
                trained(trainer, requests.get(s));
            }
        }
    }

    /**
     * Fills {@code nanos[size][run]} and {@code cpuNanos[size][run]} with each run's wall-clock and CPU time (Smile fits
     * on every core), and {@code envelopes[size]} with a model of each size.
     */
    private static void measure(BatchTrainer trainer, List<TrainingRequest> requests, long[][] nanos, long[][] cpuNanos,
                                ModelEnvelope[] envelopes) {
        for (int s = 0; s < SIZES.length; s++) {
            nanos[s] = new long[MEASURED_RUNS[s]];
            cpuNanos[s] = new long[MEASURED_RUNS[s]];
        }
        int rounds = Arrays.stream(MEASURED_RUNS).max().orElseThrow();
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < SIZES.length; s++) {
                if (round < MEASURED_RUNS[s]) {
                    System.gc();
                    MachineLoad cpuBefore = MachineLoad.now();
                    long started = System.nanoTime();
                    envelopes[s] = trained(trainer, requests.get(s));
                    nanos[s][round] = System.nanoTime() - started;
                    cpuNanos[s][round] = MachineLoad.now().processNanos() - cpuBefore.processNanos();
                }
            }
        }
    }

    private static ModelEnvelope trained(BatchTrainer trainer, TrainingRequest request) {
        TrainingOutcome outcome = trainer.train(request);
        if (!(outcome instanceof TrainingOutcome.Trained trained)) {
            throw new IllegalStateException("a demo batch of " + request.records().size() + " records made no model: " + outcome);
        }
        return trained.envelope();
    }

    private static void print(long[][] nanos, long[][] cpuNanos, ModelEnvelope[] envelopes, double otherProcesses) {
        System.out.printf(Locale.ROOT, "%nBatchTrainer.train on demo batches (%s; JDK %s, %d cores, max heap %d MB, Smile %s)%n",
                LocalDate.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, RuntimeVersions.smile());
        System.out.printf(Locale.ROOT, "Other processes used %.0f%% of the machine's CPU during the measured runs%n%n", 100 * otherProcesses);
        System.out.println("| batch records | train / test | runs | best ms | median ms | CPU ms per run (mean) | µs per record (median) "
                + "| records/s (median) | test accuracy | test AUC |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        RunTimes[] times = new RunTimes[SIZES.length];
        for (int s = 0; s < SIZES.length; s++) {
            times[s] = new RunTimes(nanos[s]);
            ModelEnvelope envelope = envelopes[s];
            Map<String, Double> metrics = envelope.getMetrics();
            System.out.printf(Locale.ROOT, "| %,d | %,d / %,d | %d | %.1f | %.1f | %.1f | %.2f | %,.0f | %.3f | %.3f |%n",
                    SIZES[s], envelope.getLineage().getTrainCount(), envelope.getLineage().getTestCount(), times[s].runs(),
                    times[s].bestMillis(), times[s].medianMillis(), new RunTimes(cpuNanos[s]).meanMillis(),
                    times[s].medianMillis() * 1000 / SIZES[s],
                    SIZES[s] / (times[s].medianMillis() / 1000), metrics.get(ClassificationMetrics.ACCURACY),
                    metrics.getOrDefault(ClassificationMetrics.AUC_KEY, Double.NaN));
        }
        System.out.println();
        for (int s = 1; s < SIZES.length; s++) {
            System.out.printf(Locale.ROOT, "Scaling exponent %,d -> %,d records: %.2f (medians), %.2f (best runs); 1.00 is linear%n",
                    SIZES[s - 1], SIZES[s], exponent(times[s - 1].medianMillis(), times[s].medianMillis(), SIZES[s - 1], SIZES[s]),
                    exponent(times[s - 1].bestMillis(), times[s].bestMillis(), SIZES[s - 1], SIZES[s]));
        }
    }

    private static double exponent(double smallMillis, double largeMillis, int smallSize, int largeSize) {
        return Math.log(largeMillis / smallMillis) / Math.log((double) largeSize / smallSize);
    }
}
