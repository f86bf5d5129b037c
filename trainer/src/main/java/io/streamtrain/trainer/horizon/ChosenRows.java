package io.streamtrain.trainer.horizon;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.rows.RecordView;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a horizon's earlier windows that a fit uses, as records made from the columns when read: window by
 * window, oldest first, each window's chosen rows in ascending order. Holds the chosen row numbers only.
 */
final class ChosenRows extends RecordView {

    private final List<ColumnarWindow> windows;
    private final int[][] chosen;
    /** {@code starts[w]}: the list position of window {@code w}'s first chosen row; {@code starts[windows]}: the size. */
    private final int[] starts;

    /** @param chosen the chosen rows of each window of {@code windows}, ascending */
    ChosenRows(List<ColumnarWindow> windows, int[][] chosen) {
        this.windows = List.copyOf(windows);
        this.chosen = chosen;
        this.starts = new int[chosen.length + 1];
        for (int w = 0; w < chosen.length; w++) {
            starts[w + 1] = Math.addExact(starts[w], chosen[w].length);
        }
    }

    @Override
    public CleanRecord get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("row " + index + " of " + size());
        }
        int found = Arrays.binarySearch(starts, index);
        // Windows with no chosen row share their start with the next one: take the last window starting at index.
        int w = found >= 0 ? lastWindowStartingAt(found) : -found - 2;
        return windows.get(w).record(chosen[w][index - starts[w]]);
    }

    private int lastWindowStartingAt(int w) {
        int last = w;
        while (last + 1 < chosen.length && starts[last + 1] == starts[w]) {
            last++;
        }
        return last;
    }

    @Override
    public int size() {
        return starts[chosen.length];
    }
}
