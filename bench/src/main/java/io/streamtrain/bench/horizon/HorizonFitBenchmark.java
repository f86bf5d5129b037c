package io.streamtrain.bench.horizon;

import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.horizon.ColumnarWindow;
import io.streamtrain.trainer.horizon.HorizonSnapshot;
import io.streamtrain.trainer.horizon.WindowHorizon;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Fit time and trainer heap against the rows of a training horizon: horizons of ten windows holding 10,000, 100,000
 * and 1,000,000 rows of 30 numeric features, each fit with logistic regression (the pipeline defaults) once on every
 * row and once with sampling ({@code train.horizon.max.records} = 100,000, uniform). Per case: the heap the horizon
 * holds in columns (after a full GC), the peak heap while the fit runs (the heap pools' peaks, garbage included, and
 * the most heap in use after any collection, {@link LiveHeapPeak}), wall-clock and process CPU time of the fit (which
 * includes reading the chosen rows from the columns), and the test accuracy on the newest window.
 *
 * <p>Run with {@code mvn -B -q -Phorizon-fit-benchmark -pl bench -am package -DskipTests}.
 */
public final class HorizonFitBenchmark {

    private static final int WINDOWS = 10;
    private static final int[] HORIZON_ROWS = {10_000, 100_000, 1_000_000};
    private static final int SAMPLED_MAX_RECORDS = 100_000;
    private static final long SEED = 42;

    private HorizonFitBenchmark() {
    }

    public static void main(String[] args) {
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of());
        BatchTrainer trainer = new BatchTrainer();
        LiveHeapPeak live = new LiveHeapPeak();
        // Warm-up: the JIT and Smile's first-call costs stay out of the measured fits.
        for (int i = 0; i < 3; i++) {
            fit(trainer, settings, snapshot(horizon(Integer.MAX_VALUE), 10_000));
        }
        System.out.printf(Locale.ROOT, "%-10s %-9s %10s %14s %12s %13s %13s %10s %10s %12s %9s%n", "rows", "sampling",
                "rows used", "horizon MB", "bytes/row", "fit peak MB", "live peak MB", "fit ms", "CPU ms", "µs CPU/row", "accuracy");
        MachineLoad before = MachineLoad.now();
        for (int rows : HORIZON_ROWS) {
            for (boolean sampled : new boolean[] {false, true}) {
                if (sampled && rows <= SAMPLED_MAX_RECORDS) {
                    continue;
                }
                Built built = snapshot(horizon(sampled ? SAMPLED_MAX_RECORDS : Integer.MAX_VALUE), rows);
                long held = HeapInUse.afterGc();
                resetPeaks();
                live.reset();
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                ModelEnvelope envelope = fit(trainer, settings, built);
                long wall = System.nanoTime() - start;
                long cpuUsed = processCpuNanos() - cpu;
                long used = envelope.getLineage().getHorizon().getRowsUsed();
                System.out.printf(Locale.ROOT, "%-10d %-9s %10d %14.1f %12.1f %13.1f %13.1f %10.0f %10.0f %12.2f %9.4f%n",
                        rows, sampled ? "uniform" : "off", used, (held - built.baseHeap()) / 1e6,
                        (double) built.horizon().bytes() / built.horizon().rows(), peakHeap() / 1e6,
                        live.bytes() == 0 ? Double.NaN : (live.bytes() - built.baseHeap()) / 1e6, wall / 1e6,
                        cpuUsed / 1e6, cpuUsed / 1e3 / used, envelope.getMetrics().get("accuracy"));
            }
        }
        System.out.printf(Locale.ROOT, "other processes took %.0f%% of the machine's CPU during the measured fits%n",
                100 * MachineLoad.now().otherProcessesShareSince(before));
    }

    /** A horizon, its snapshot at the newest window, that window's batch, and the heap in use before it was built. */
    private record Built(WindowHorizon horizon, HorizonSnapshot snapshot, AssembledBatch newest, long baseHeap) {
    }

    private static WindowHorizon horizon(int maxRecords) {
        return new WindowHorizon(new TrainingHorizon(WINDOWS, Duration.ZERO, maxRecords, HorizonSampling.UNIFORM,
                Evaluation.NEWEST_WINDOW, false));
    }

    /** Admits ten windows of {@code rows / 10} rows; the newest one's batch stays as records, as in the trainer. */
    private static Built snapshot(WindowHorizon horizon, int rows) {
        long base = HeapInUse.afterGc();
        HorizonSnapshot snapshot = null;
        AssembledBatch newest = null;
        for (int w = 0; w < WINDOWS; w++) {
            newest = HorizonRows.window("bench", w, rows / WINDOWS, SEED);
            snapshot = horizon.admit(ColumnarWindow.of(newest, 0));
        }
        return new Built(horizon, snapshot, newest, base);
    }

    private static ModelEnvelope fit(BatchTrainer trainer, TrainingSettings settings, Built built) {
        AssembledBatch newest = built.newest();
        TrainingRequest request = new TrainingRequest("bench", 1, HorizonRows.SPEC, settings, newest.batchId(),
                newest.manifest(), newest.records(), built.snapshot().rows(SEED));
        TrainingOutcome outcome = trainer.train(request);
        if (!(outcome instanceof TrainingOutcome.Trained(ModelEnvelope envelope))) {
            throw new IllegalStateException("no model: " + outcome);
        }
        return envelope;
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since {@link #resetPeaks}: an upper bound of the heap in use at any moment. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
