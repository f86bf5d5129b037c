package io.streamtrain.bench.horizon;

import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.algorithm.FittedModel;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.ml.train.TrainingSource;
import io.streamtrain.ml.train.WarmStart;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Warm-started against cold logistic-regression fits ({@code train.warm.start}) on the same rows: a window of 100,000
 * rows of 30 numeric features, the champion fitted on the previous window of the same rule. Both fits run the whole
 * {@code BatchTrainer.train} (split, preprocessing, fit, evaluation), as the trainer does; only the L-BFGS start differs.
 * Per case the median of {@value #RUNS} alternating runs: wall-clock and process CPU time, and the L-BFGS iterations.
 *
 * <p>Run with {@code mvn -B -q -Pwarm-start-benchmark -pl bench -am package -DskipTests}.
 */
public final class WarmStartBenchmark {

    private static final int ROWS = 100_000;
    private static final int RUNS = 3;
    private static final long SEED = 42;

    private WarmStartBenchmark() {
    }

    public static void main(String[] args) throws ModelRejectedException {
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of());
        BatchTrainer trainer = new BatchTrainer();
        AssembledBatch previous = HorizonRows.window("bench", 0, ROWS, SEED);
        AssembledBatch current = HorizonRows.window("bench", 1, ROWS, SEED);
        LoadedModel champion = ModelLoader.load(fit(trainer, settings, previous, WarmStart.none()), "bench");
        WarmStart warm = WarmStart.from(champion, HorizonRows.SPEC.definitions());
        // Warm-up: the JIT and Smile's first-call costs stay out of the measured fits.
        for (int i = 0; i < 2; i++) {
            fit(trainer, settings, current, WarmStart.none());
            fit(trainer, settings, current, warm);
        }
        long[][] cold = new long[3][RUNS];
        long[][] warmed = new long[3][RUNS];
        MachineLoad before = MachineLoad.now();
        for (int run = 0; run < RUNS; run++) {
            measure(trainer, settings, current, WarmStart.none(), cold, run);
            measure(trainer, settings, current, warm, warmed, run);
        }
        double others = MachineLoad.now().otherProcessesShareSince(before);
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %11s%n", "start", "fit ms", "CPU ms", "iterations");
        print("cold", cold);
        print("warm", warmed);
        System.out.printf(Locale.ROOT, "other processes took %.0f%% of the machine's CPU during the measured fits%n", 100 * others);
    }

    /** Runs one fit and stores its wall-clock nanoseconds, CPU nanoseconds and iterations at {@code run}. */
    private static void measure(BatchTrainer trainer, TrainingSettings settings, AssembledBatch batch, WarmStart start,
                                long[][] into, int run) {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        ModelEnvelope envelope = fit(trainer, settings, batch, start);
        into[0][run] = System.nanoTime() - wall;
        into[1][run] = processCpuNanos() - cpu;
        into[2][run] = Long.parseLong(envelope.getHyperparameters().get(FittedModel.ITERATIONS));
        boolean warm = Boolean.parseBoolean(envelope.getHyperparameters().get(FittedModel.WARM_START));
        if (warm == (start == WarmStart.none())) {
            throw new IllegalStateException("the fit did not start as asked: fit.warm.start=" + warm);
        }
    }

    private static void print(String name, long[][] measured) {
        System.out.printf(Locale.ROOT, "%-6s %10.0f %10.0f %11d%n", name, median(measured[0]) / 1e6, median(measured[1]) / 1e6,
                median(measured[2]));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static ModelEnvelope fit(BatchTrainer trainer, TrainingSettings settings, AssembledBatch batch, WarmStart start) {
        TrainingRequest request = new TrainingRequest("bench", 1, HorizonRows.SPEC, settings, batch.batchId(),
                new TrainingSource.Window(batch.manifest()), batch.records(), io.streamtrain.ml.train.HorizonRows.none(), start);
        TrainingOutcome outcome = trainer.train(request);
        if (!(outcome instanceof TrainingOutcome.Trained(ModelEnvelope envelope))) {
            throw new IllegalStateException("no model: " + outcome);
        }
        return envelope;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
