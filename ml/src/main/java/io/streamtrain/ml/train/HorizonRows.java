package io.streamtrain.ml.train;

import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.ml.rows.RecordView;
import java.util.List;
import java.util.Objects;

/**
 * The rows a model learns from besides its own window: those of the earlier windows of its training horizon, after
 * sampling, and what the lineage says about every window.
 *
 * @param earlier       records of the earlier windows that the fit uses, oldest window first, each window in its
 *                      order on the batches topic; empty for a horizon of one window. Not copied when it is a
 *                      {@link RecordView} (the trainer's view over its columns, made on demand)
 * @param windows       every window of the horizon, oldest first, the newest (the request's own batch) last; empty
 *                      when the request was not made from a horizon
 * @param rowsAvailable records in the horizon's windows before sampling
 * @param policy        the horizon's settings: evaluation, refit and the sampling that chose {@code earlier}
 */
public record HorizonRows(List<CleanRecord> earlier, List<LineageWindow> windows, long rowsAvailable, TrainingHorizon policy) {

    public HorizonRows {
        earlier = RecordView.immutable(earlier);
        windows = List.copyOf(windows);
        Objects.requireNonNull(policy, "policy");
        if (rowsAvailable < earlier.size()) {
            throw new IllegalArgumentException("rowsAvailable " + rowsAvailable + " is below the " + earlier.size()
                    + " earlier rows used");
        }
    }

    /** A request trained on its own window only, outside any horizon, without a refit (benchmarks, tests). */
    public static HorizonRows none() {
        return alone(false);
    }

    /**
     * A request trained on its own rows only, outside any horizon, and fit again on every row after evaluation when
     * {@code refit} (a REST train-and-score request follows its pipeline's {@code train.refit}).
     */
    public static HorizonRows alone(boolean refit) {
        TrainingHorizon single = TrainingHorizon.SINGLE_WINDOW;
        return new HorizonRows(List.of(), List.of(), 0, new TrainingHorizon(single.windows(), single.span(), single.maxRecords(),
                single.sampling(), single.evaluation(), refit));
    }

    /** Whether the request was made from a horizon, whose facts then go into the lineage. */
    public boolean fromHorizon() {
        return !windows.isEmpty();
    }
}
