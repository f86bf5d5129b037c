package io.streamtrain.bench.scoring;

import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ScoringModel;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Notes when each model version became the scorer's current model, by looking at {@link CurrentModel} every
 * {@value #INTERVAL_MICROS} µs on its own thread. Splits a swap's latency into the model's way to the scorer
 * (follow, verify, load) and the first batch scored with it.
 */
final class InstalledVersions implements AutoCloseable {

    private static final long INTERVAL_MICROS = 500;

    private final CurrentModel current;
    private final Map<Long, Long> installedNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopping;

    private InstalledVersions(CurrentModel current) {
        this.current = current;
        this.thread = Thread.ofPlatform().name("bench-installed-versions").daemon().unstarted(this::run);
    }

    static InstalledVersions watch(CurrentModel current) {
        InstalledVersions versions = new InstalledVersions(current);
        versions.thread.start();
        return versions;
    }

    /** When ({@link System#nanoTime()}) model {@code version} was first seen installed; empty if it has not been. */
    OptionalLong installedNanos(long version) {
        Long nanos = installedNanos.get(version);
        return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    private void run() {
        while (!stopping) {
            current.current().map(ScoringModel::version).ifPresent(version -> installedNanos.putIfAbsent(version, System.nanoTime()));
            LockSupport.parkNanos(INTERVAL_MICROS * 1_000);
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
