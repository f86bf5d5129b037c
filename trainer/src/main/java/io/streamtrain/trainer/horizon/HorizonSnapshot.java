package io.streamtrain.trainer.horizon;

import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.ml.train.HorizonRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The windows of a training horizon when a window closed: the earlier ones, oldest first, and the lineage of the
 * newest (the window that triggers the fit, whose records the fit gets from its batch). Immutable; the windows are
 * shared with the horizon, which only ever drops them.
 */
public record HorizonSnapshot(List<ColumnarWindow> earlier, LineageWindow newest, TrainingHorizon policy) {

    public HorizonSnapshot {
        earlier = List.copyOf(earlier);
        Objects.requireNonNull(newest, "newest");
        Objects.requireNonNull(policy, "policy");
    }

    /** A horizon of {@code newest} alone. */
    public static HorizonSnapshot single(LineageWindow newest, TrainingHorizon policy) {
        return new HorizonSnapshot(List.of(), newest, policy);
    }

    /** Windows in the horizon, the newest included. */
    public int windows() {
        return earlier.size() + 1;
    }

    /** Rows in the horizon's windows, the newest included. */
    public long rows() {
        return newest.getRows() + earlier.stream().mapToLong(ColumnarWindow::rows).sum();
    }

    /**
     * The earlier windows' rows that the fit uses, chosen by the policy's sampling when the horizon holds more than
     * {@link TrainingHorizon#maxRecords()} (the newest window always trains whole), as a view that makes each record
     * from the columns when the fit reads it (none is held), and the lineage of every window.
     */
    public HorizonRows rows(long seed) {
        int[][] chosen = HorizonSampler.choose(earlier, (long) policy.maxRecords() - newest.getRows(), policy.sampling(), seed);
        List<LineageWindow> lineage = new ArrayList<>(windows());
        for (int w = 0; w < earlier.size(); w++) {
            lineage.add(earlier.get(w).lineage(chosen[w].length));
        }
        lineage.add(newest);
        return new HorizonRows(new ChosenRows(earlier, chosen), lineage, rows(), policy);
    }
}
