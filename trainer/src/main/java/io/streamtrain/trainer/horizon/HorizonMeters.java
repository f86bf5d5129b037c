package io.streamtrain.trainer.horizon;

import io.streamtrain.core.metrics.GaugeValue;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.messages.HorizonFacts;
import java.util.Collection;

/** Reports a trainer's training horizons: rows, windows and bytes per row held, and the last fit's sampling ratio. */
public final class HorizonMeters {

    private final GaugeValue rows;
    private final GaugeValue windows;
    private final GaugeValue bytesPerRow;
    private final GaugeValue samplingRatio;

    public HorizonMeters(String pipeline) {
        this.rows = StreamtrainMeters.horizonRows(pipeline);
        this.windows = StreamtrainMeters.horizonWindows(pipeline);
        this.bytesPerRow = StreamtrainMeters.horizonBytesPerRow(pipeline);
        this.samplingRatio = StreamtrainMeters.horizonSamplingRatio(pipeline);
    }

    /** Sets the held gauges to the sum over {@code horizons}; bytes per row is NaN while they hold no row. */
    public void held(Collection<WindowHorizon> horizons) {
        long heldRows = horizons.stream().mapToLong(WindowHorizon::rows).sum();
        long bytes = horizons.stream().mapToLong(WindowHorizon::bytes).sum();
        rows.set(heldRows);
        windows.set(horizons.stream().mapToInt(WindowHorizon::windows).sum());
        bytesPerRow.set(heldRows == 0 ? Double.NaN : (double) bytes / heldRows);
    }

    /** Records the share of its horizon's rows that a published fit used. */
    public void fitUsed(HorizonFacts facts) {
        if (facts != null && facts.getRowsAvailable() > 0) {
            samplingRatio.set((double) facts.getRowsUsed() / facts.getRowsAvailable());
        }
    }
}
