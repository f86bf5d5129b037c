package io.streamtrain.streams.internal.window;

import java.util.ArrayList;
import java.util.List;

/**
 * The metadata of a window that still takes records: its sequence within its period, how many records it
 * holds, and the source offsets they came from (one span per input partition, ordered by partition).
 */
record OpenWindow(int seq, int recordCount, List<OffsetSpan> spans) {

    OpenWindow {
        if (seq < 0 || recordCount < 0) {
            throw new IllegalArgumentException("invalid open window: seq " + seq + ", " + recordCount + " records");
        }
        spans = List.copyOf(spans);
    }

    static OpenWindow empty(int seq) {
        return new OpenWindow(seq, 0, List.of());
    }

    /** This window with one more record that is not part of its input lineage (a score request's record). */
    OpenWindow plusUnsourced() {
        return new OpenWindow(seq, recordCount + 1, spans);
    }

    /** This window with one more record, from {@code partition} at {@code offset}. */
    OpenWindow plus(int partition, long offset) {
        if (spans.size() == 1 && spans.getFirst().partition() == partition) {
            // A task windows one input partition: a record nearly always extends the only span, without a list copy.
            return new OpenWindow(seq, recordCount + 1, List.of(spans.getFirst().including(offset)));
        }
        List<OffsetSpan> updated = new ArrayList<>(spans.size() + 1);
        boolean placed = false;
        for (OffsetSpan span : spans) {
            if (!placed && span.partition() == partition) {
                updated.add(span.including(offset));
                placed = true;
            } else if (!placed && span.partition() > partition) {
                updated.add(OffsetSpan.of(partition, offset));
                updated.add(span);
                placed = true;
            } else {
                updated.add(span);
            }
        }
        if (!placed) {
            updated.add(OffsetSpan.of(partition, offset));
        }
        return new OpenWindow(seq, recordCount + 1, updated);
    }
}
