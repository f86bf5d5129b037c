package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.trainer.TestBatches;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowHorizonTest {

    @Test
    void shouldKeepTheLastWindowsByCountAndStartWhereTheOldestKeptOneStarts() {
        WindowHorizon horizon = new WindowHorizon(policy(3, Duration.ZERO, 1_000));

        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sizes.add(horizon.admit(window(i)).windows());
        }
        assertThat(sizes).containsExactly(1, 2, 3, 3, 3);
        assertThat(horizon.windows()).isEqualTo(3);
        assertThat(horizon.rows()).isEqualTo(50 + 60 + 70);
        assertThat(horizon.startOffset()).hasValue(300);
    }

    @Test
    void shouldDropWindowsThatEndOutsideTheEventTimeSpan() {
        // Windows are a minute long and a minute apart: a span of 2.5 minutes keeps the newest three.
        WindowHorizon horizon = new WindowHorizon(policy(10, Duration.ofSeconds(150), 1_000));

        for (int i = 1; i <= 5; i++) {
            horizon.admit(window(i));
        }
        assertThat(horizon.windows()).isEqualTo(3);
    }

    @Test
    void shouldRebuildTheSameHorizonFromItsStartOffset() {
        WindowHorizon original = new WindowHorizon(policy(3, Duration.ZERO, 1_000));
        for (int i = 1; i <= 6; i++) {
            original.admit(window(i));
        }
        WindowHorizon rebuilt = new WindowHorizon(policy(3, Duration.ZERO, 1_000));
        for (int i = 1; i <= 6; i++) {
            if (window(i).firstOffset() >= original.startOffset().getAsLong()) {
                rebuilt.admit(window(i));
            }
        }

        HorizonSnapshot next = original.admit(window(7));
        HorizonSnapshot nextAfterRebuild = rebuilt.admit(window(7));
        assertThat(nextAfterRebuild.rows(42)).isEqualTo(next.rows(42));
    }

    @Test
    void shouldStartAgainWhenTheFeaturesChange() {
        WindowHorizon horizon = new WindowHorizon(policy(3, Duration.ZERO, 1_000));
        horizon.admit(window(1));
        horizon.admit(window(2));

        BatchManifest other = (BatchManifest) TestBatches.manifest("p", "b3", 1, 10, 3).getPart();
        other.setFeatureNames(List.of("only"));
        HorizonSnapshot snapshot = horizon.admit(ColumnarWindow.of(new AssembledBatch("b3", other,
                List.of(ColumnarWindowTest.record("x", List.of(1.0), "a", null)), 900, 901), 0));

        assertThat(snapshot.windows()).isEqualTo(1);
    }

    @Test
    void shouldSampleEarlierRowsToTheBoundAndNameEveryWindowInTheLineage() {
        WindowHorizon horizon = new WindowHorizon(policy(3, Duration.ZERO, 100));
        horizon.admit(window(1));
        horizon.admit(window(2));

        var rows = horizon.admit(window(3)).rows(42);

        // The newest window (50 rows) trains whole; 50 of the 70 earlier rows fill the rest.
        assertThat(rows.earlier()).hasSize(50);
        assertThat(rows.rowsAvailable()).isEqualTo(120);
        assertThat(rows.windows()).extracting(LineageWindow::getBatchId).containsExactly("b1", "b2", "b3");
        assertThat(rows.windows()).extracting(LineageWindow::getRowsUsed).containsExactly(
                rows.windows().get(0).getRowsUsed(), 50 - rows.windows().get(0).getRowsUsed(), 50L);
    }

    private static TrainingHorizon policy(int windows, Duration span, int maxRecords) {
        return new TrainingHorizon(windows, span, maxRecords, HorizonSampling.UNIFORM, Evaluation.NEWEST_WINDOW, false);
    }

    /** Window {@code i}: {@code 10 * (i + 2)} records at batches offsets {@code 100 * i} to {@code 100 * i + 10}. */
    private static ColumnarWindow window(int i) {
        String id = "b" + i;
        int records = 10 * (i + 2);
        BatchManifest manifest = (BatchManifest) TestBatches.manifest("p", id, 1, records, i).getPart();
        return ColumnarWindow.of(new AssembledBatch(id, manifest, TestBatches.records(id, records), 100L * i, 100L * i + 10), 0);
    }
}
