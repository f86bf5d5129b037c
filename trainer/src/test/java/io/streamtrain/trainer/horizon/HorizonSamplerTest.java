package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.trainer.TestBatches;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HorizonSamplerTest {

    /** Three windows of 100 rows; one row in ten is of the rare class. */
    private final List<ColumnarWindow> windows = List.of(window("w1"), window("w2"), window("w3"));

    @Test
    void shouldKeepEveryRowWhenTheHorizonFits() {
        for (HorizonSampling sampling : HorizonSampling.values()) {
            assertThat(count(HorizonSampler.choose(windows, 300, sampling, 42))).isEqualTo(300);
        }
    }

    @Test
    void shouldKeepTheNewestRowsByPositionWhenSamplingNewest() {
        int[][] chosen = HorizonSampler.choose(windows, 150, HorizonSampling.NEWEST, 42);

        assertThat(chosen[0]).isEmpty();
        assertThat(chosen[1]).containsExactly(IntStream.range(50, 100).toArray());
        assertThat(chosen[2]).containsExactly(IntStream.range(0, 100).toArray());
    }

    @Test
    void shouldChooseTheSameRowsForTheSameSeedAndOthersForAnotherWhenSamplingUniformly() {
        int[][] first = HorizonSampler.choose(windows, 90, HorizonSampling.UNIFORM, 42);
        int[][] again = HorizonSampler.choose(List.of(window("w1"), window("w2"), window("w3")), 90, HorizonSampling.UNIFORM, 42);
        int[][] otherSeed = HorizonSampler.choose(windows, 90, HorizonSampling.UNIFORM, 7);

        assertThat(count(first)).isEqualTo(90);
        assertThat(Arrays.deepEquals(first, again)).isTrue();
        assertThat(Arrays.deepEquals(first, otherSeed)).isFalse();
        // Every window contributes: about 30 rows each, never all from one.
        assertThat(Arrays.asList(first)).allSatisfy(rows -> {
            assertThat(rows.length).isBetween(10, 50);
            assertThat(rows).isSorted();
        });
    }

    @Test
    void shouldKeepEachClassItsShareWhenSamplingStratified() {
        int[][] chosen = HorizonSampler.choose(windows, 50, HorizonSampling.STRATIFIED, 42);

        long rare = 0;
        for (int w = 0; w < windows.size(); w++) {
            for (int row : chosen[w]) {
                rare += "rare".equals(windows.get(w).label(row)) ? 1 : 0;
            }
        }
        assertThat(count(chosen)).isEqualTo(50);
        assertThat(rare).isEqualTo(5);
        assertThat(Arrays.deepEquals(chosen, HorizonSampler.choose(windows, 50, HorizonSampling.STRATIFIED, 42))).isTrue();
    }

    @Test
    void shouldKeepAtLeastOneRowOfAClassTooRareForItsShare() {
        int[][] chosen = HorizonSampler.choose(windows, 5, HorizonSampling.STRATIFIED, 42);

        List<Object> labels = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            for (int row : chosen[w]) {
                labels.add(windows.get(w).label(row));
            }
        }
        assertThat(labels).contains("rare", "common");
    }

    private static int count(int[][] chosen) {
        return Arrays.stream(chosen).mapToInt(rows -> rows.length).sum();
    }

    private static ColumnarWindow window(String batchId) {
        List<CleanRecord> records = IntStream.range(0, 100).mapToObj(i -> ColumnarWindowTest.record(batchId + "-" + i,
                List.of((double) i), i % 10 == 0 ? "rare" : "common", null)).toList();
        BatchManifest manifest = (BatchManifest) TestBatches.manifest("p", batchId, 1, records.size()).getPart();
        return ColumnarWindow.of(new AssembledBatch(batchId, manifest, records, 0, 1), 0);
    }
}
