package io.streamtrain.bench.scoring;

import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ScoringModel;
import java.util.concurrent.locks.LockSupport;

/**
 * Notes when each model version became the scorer's current model, by looking at {@link CurrentModel} every
 * {@value #INTERVAL_MICROS} µs on its own thread. Splits a swap's latency into the model's way to the scorer
 * (follow, verify, load) and the first batch scored with it.
 */
final class InstalledVersions extends VersionSightings {

    private static final long INTERVAL_MICROS = 500;

    private final CurrentModel current;

    private InstalledVersions(CurrentModel current) {
        super("bench-installed-versions");
        this.current = current;
    }

    static InstalledVersions watch(CurrentModel current) {
        InstalledVersions versions = new InstalledVersions(current);
        versions.startWatching();
        return versions;
    }

    @Override
    void watchUntilStopped() {
        while (!stopping()) {
            current.current().map(ScoringModel::version).ifPresent(version -> seen(version, System.nanoTime()));
            LockSupport.parkNanos(INTERVAL_MICROS * 1_000);
        }
    }
}
