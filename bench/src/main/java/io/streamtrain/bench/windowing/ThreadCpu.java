package io.streamtrain.bench.windowing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the threads of one Kafka Streams application in this JVM: every thread whose name contains its
 * application id (stream threads, their producers' network threads, the global and state-updater threads, the admin
 * client), so that the broker and the measuring client in the same JVM are not counted. A thread that ends between
 * two samples loses the time it ran since the first: take the second sample while the application still runs.
 *
 * @param nanosByThread CPU nanoseconds so far, by thread id
 */
record ThreadCpu(Map<Long, Long> nanosByThread) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    ThreadCpu {
        nanosByThread = Map.copyOf(nanosByThread);
    }

    /** The CPU time so far of the threads of {@code applicationId}. */
    static ThreadCpu of(String applicationId) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        Map<Long, Long> nanos = new HashMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains(applicationId)) {
                long cpu = THREADS.getThreadCpuTime(thread.getThreadId());
                if (cpu >= 0) {
                    nanos.put(thread.getThreadId(), cpu);
                }
            }
        }
        return new ThreadCpu(nanos);
    }

    /** CPU seconds these threads used since {@code before} (threads started since then count from zero). */
    double secondsSince(ThreadCpu before) {
        long nanos = 0;
        for (Map.Entry<Long, Long> thread : nanosByThread.entrySet()) {
            nanos += thread.getValue() - before.nanosByThread.getOrDefault(thread.getKey(), 0L);
        }
        return nanos / 1e9;
    }
}
