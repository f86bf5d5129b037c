package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.CleanRecord;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChosenRowsTest {

    @Test
    void shouldReadTheChosenRowsWindowByWindowSkippingWindowsWithNone() {
        List<ColumnarWindow> windows = List.of(window("a", 3), window("b", 2), window("c", 4), window("d", 1));
        ChosenRows rows = new ChosenRows(windows, new int[][] {{}, {0, 1}, {}, {0}});

        assertThat(rows).extracting(CleanRecord::getRecordId).containsExactly("b0", "b1", "d0");
        assertThat(rows.get(2)).isEqualTo(windows.get(3).record(0));
        assertThatThrownBy(() -> rows.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldReadEveryRowOfEveryWindowInOrder() {
        List<ColumnarWindow> windows = List.of(window("a", 2), window("b", 3));
        ChosenRows rows = new ChosenRows(windows, new int[][] {{0, 1}, {0, 2}});

        assertThat(rows).extracting(CleanRecord::getRecordId).containsExactly("a0", "a1", "b0", "b2");
    }

    private static ColumnarWindow window(String name, int rows) {
        List<CleanRecord> records = IntStream.range(0, rows)
                .mapToObj(i -> ColumnarWindowTest.record(name + i, List.of(1.0 * i, "k" + i), i % 2 == 0 ? "yes" : "no", null))
                .toList();
        return ColumnarWindow.of(ColumnarWindowTest.batch(name, records), 0);
    }
}
