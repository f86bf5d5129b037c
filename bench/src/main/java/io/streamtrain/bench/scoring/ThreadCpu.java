package io.streamtrain.bench.scoring;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time used by each live thread of this process at one moment. The difference of two snapshots says where the
 * CPU went in between: on a 2-core machine, whether the scoring thread itself is the bottleneck or waits for the broker.
 *
 * @param threadNanos CPU time by thread name
 */
record ThreadCpu(Map<String, Long> threadNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    ThreadCpu {
        threadNanos = Map.copyOf(threadNanos);
    }

    static ThreadCpu now() {
        Map<String, Long> byName = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long nanos = THREADS.getThreadCpuTime(thread.threadId());
            if (nanos >= 0) {
                byName.merge(thread.getName(), nanos, Long::sum);
            }
        }
        return new ThreadCpu(byName);
    }

    /** Seconds of CPU between {@code before} and this snapshot, for the threads whose names match; new threads count from 0. */
    double threadSecondsSince(ThreadCpu before, Predicate<String> names) {
        return threadNanos.entrySet().stream().filter(entry -> names.test(entry.getKey()))
                .mapToLong(entry -> entry.getValue() - before.threadNanos.getOrDefault(entry.getKey(), 0L))
                .sum() / 1e9;
    }
}
