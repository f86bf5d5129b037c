package io.streamtrain.bench.training;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine's CPU time and this process's at one moment. Benchmarks run on a shared 2-core machine, where another
 * process taking a core halves what a benchmark can do; the difference of two snapshots says how much of the
 * machine other processes used in between, so every figure can be printed with how undisturbed it was.
 *
 * <p>Reads the {@code cpu} line of Linux's {@code /proc/stat}; elsewhere the machine's share is unknown (NaN).
 *
 * @param machineBusyNanos  CPU time all processes spent running, over all cores; -1 when unknown
 * @param machineTotalNanos CPU time available, over all cores (busy plus idle); -1 when unknown
 * @param processNanos      CPU time of this process
 */
public record MachineLoad(long machineBusyNanos, long machineTotalNanos, long processNanos) {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** {@code /proc/stat} counts in clock ticks of 1/100 s on every Linux the JDK supports (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;
    /** user, nice, system, idle, iowait, irq, softirq, steal; guest time is already part of user time. */
    private static final int FIELDS = 8;

    public static MachineLoad now() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        try {
            String cpu = Files.readAllLines(PROC_STAT).getFirst();
            long[] ticks = Arrays.stream(cpu.trim().split("\\s+")).skip(1).limit(FIELDS).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(ticks).sum();
            long busy = total - ticks[IDLE] - ticks[IOWAIT];
            return new MachineLoad(busy * NANOS_PER_TICK, total * NANOS_PER_TICK, process);
        } catch (IOException | RuntimeException e) {
            return new MachineLoad(-1, -1, process);
        }
    }

    /** The share of the machine's CPU that other processes used between {@code before} and this snapshot; NaN if unknown. */
    public double otherProcessesShareSince(MachineLoad before) {
        if (machineTotalNanos < 0 || before.machineTotalNanos < 0 || machineTotalNanos == before.machineTotalNanos) {
            return Double.NaN;
        }
        long others = (machineBusyNanos - before.machineBusyNanos) - (processNanos - before.processNanos);
        return Math.max(0, (double) others / (machineTotalNanos - before.machineTotalNanos));
    }

    /** This process's CPU between {@code before} and this snapshot, in seconds. */
    public double processSecondsSince(MachineLoad before) {
        return (processNanos - before.processNanos) / 1e9;
    }
}
