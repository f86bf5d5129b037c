package io.streamtrain.ml.train;

import static io.streamtrain.ml.testing.Batches.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.CleanRecord;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {

    @Test
    void shouldHashIdsToPinnedValues() {
        // Pinned (computed independently): a change here would move records between train and test across releases.
        assertThat(RecordIdHash.hash("")).isEqualTo(0xefd01f60ba992926L);
        assertThat(RecordIdHash.hash("order-17")).isEqualTo(0x4d9a939af1bb2f9fL);
        assertThat(RecordIdHash.hash("Zürich-1")).isEqualTo(0x4d9ec683d051fd03L);
        assertThat(RecordIdHash.unitInterval("order-17")).isCloseTo(0.30313990147417924, within(1e-15));
    }

    @Test
    void shouldPutSameIdOnSameSideEveryTime() {
        List<CleanRecord> records = records(2_000);

        TrainTestSplit first = TrainTestSplit.byRecordId(records, 0.2);
        TrainTestSplit second = TrainTestSplit.byRecordId(records.reversed(), 0.2);

        assertThat(second.test()).containsExactlyInAnyOrderElementsOf(first.test());
        assertThat(first.train()).hasSize(records.size() - first.test().size());
    }

    @Test
    void shouldHoldOutAboutTheTestFraction() {
        for (double fraction : new double[] {0.05, 0.2, 0.5}) {
            TrainTestSplit split = TrainTestSplit.byRecordId(records(20_000), fraction);

            assertThat(split.test().size() / 20_000.0).as("fraction %s", fraction).isCloseTo(fraction, within(0.015));
        }
    }

    @Test
    void shouldSpreadSequentialIdsEvenly() {
        // Ids differing only in the last characters must not cluster on one side.
        long heldOutOfFirstThousand = IntStream.range(0, 1_000).filter(i -> TrainTestSplit.isTest("order-" + i, 0.5)).count();

        assertThat(heldOutOfFirstThousand).isBetween(450L, 550L);
    }

    @Test
    void shouldKeepRecordOrderWithinEachSide() {
        List<CleanRecord> records = records(500);

        TrainTestSplit split = TrainTestSplit.byRecordId(records, 0.3);

        assertThat(split.train()).isSortedAccordingTo((a, b) -> Integer.compare(records.indexOf(a), records.indexOf(b)));
        assertThat(split.test()).isSortedAccordingTo((a, b) -> Integer.compare(records.indexOf(a), records.indexOf(b)));
    }

    @Test
    void shouldPutDuplicatesOfAnIdOnTheSameSide() {
        List<CleanRecord> duplicates = IntStream.range(0, 50).mapToObj(i -> record("same-id", "x", (double) i)).toList();

        TrainTestSplit split = TrainTestSplit.byRecordId(duplicates, 0.5);

        assertThat(List.of(split.train().size(), split.test().size())).containsExactlyInAnyOrder(0, 50);
    }

    private static List<CleanRecord> records(int n) {
        return IntStream.range(0, n).mapToObj(i -> record("id-" + i, "x", (double) i)).toList();
    }
}
