package io.streamtrain.trainer.horizon;

import io.streamtrain.core.learning.TrainingHorizon;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The training horizon of one partition of the batches topic: its latest complete windows, in the order of their
 * manifests on the topic, in columnar form.
 *
 * <p>A window {@linkplain #admit admitted} stays while it is among the last {@link TrainingHorizon#windows()} windows
 * and, when {@link TrainingHorizon#span()} is set, its end lies within the span of the newest window's end. Which
 * windows stay depends only on the windows admitted after them, so admitting every complete window from
 * {@link #startOffset()} again rebuilds exactly the same horizon: that is how a restarted trainer rebuilds it from the
 * topic. A window of other features than the newest one cannot train with it, so a change of features empties the
 * horizon.
 *
 * <p>Not thread-safe: used on the consumer thread; fits get {@link HorizonSnapshot}s.
 */
public final class WindowHorizon {

    private final TrainingHorizon policy;
    private final List<ColumnarWindow> windows = new ArrayList<>();

    public WindowHorizon(TrainingHorizon policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Adds the newest complete window, drops the windows it pushes out, and returns the horizon it trains on. */
    public HorizonSnapshot admit(ColumnarWindow window) {
        Objects.requireNonNull(window, "window");
        if (!windows.isEmpty() && !windows.getLast().featureNames().equals(window.featureNames())) {
            windows.clear();
        }
        windows.add(window);
        while (windows.size() > policy.windows()) {
            windows.removeFirst();
        }
        if (policy.span().isPositive()) {
            long newestEnd = window.windowEnd().toEpochMilli();
            // Never the newest window itself: its distance to its own end is 0.
            windows.removeIf(w -> newestEnd - w.windowEnd().toEpochMilli() >= policy.span().toMillis());
        }
        return new HorizonSnapshot(windows.subList(0, windows.size() - 1), window.lineage(window.rows()), policy);
    }

    /**
     * The first batches-topic offset a reader must start from to rebuild the horizon: the earliest first message of its
     * windows; empty when it holds none.
     */
    public OptionalLong startOffset() {
        return windows.stream().mapToLong(ColumnarWindow::firstOffset).min();
    }

    public TrainingHorizon policy() {
        return policy;
    }

    public int windows() {
        return windows.size();
    }

    public long rows() {
        return windows.stream().mapToLong(ColumnarWindow::rows).sum();
    }

    public long bytes() {
        return windows.stream().mapToLong(ColumnarWindow::bytes).sum();
    }
}
