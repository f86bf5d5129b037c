package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.trainer.TestBatches;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
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

    @Test
    void shouldChooseExactlyTheRowsThatKeyingAndSortingEveryRowChose() {
        List<ColumnarWindow> uneven = List.of(window("a", 37), window("b", 250), window("c", 1), window("d", 120));
        for (long seed : new long[] {1, 42, -7}) {
            for (int room : new int[] {1, 5, 50, 199, 407}) {
                assertThat(HorizonSampler.choose(uneven, room, HorizonSampling.UNIFORM, seed))
                        .isDeepEqualTo(sortedChoice(uneven, List.of(positions(uneven, row -> true)), new long[] {room}, seed));
                assertThat(HorizonSampler.choose(uneven, room, HorizonSampling.STRATIFIED, seed))
                        .isDeepEqualTo(sortedChoice(uneven, List.of(positions(uneven, "common"::equals), positions(uneven, "rare"::equals)),
                                stratifiedQuotas(uneven, room), seed));
            }
        }
    }

    /** The rule before the bounded heap: key every row of a group, sort by (key, window, row), keep the first quota. */
    private static int[][] sortedChoice(List<ColumnarWindow> windows, List<List<long[]>> groups, long[] quota, long seed) {
        List<List<Integer>> chosen = new ArrayList<>();
        windows.forEach(w -> chosen.add(new ArrayList<>()));
        for (int g = 0; g < groups.size(); g++) {
            List<long[]> keyed = new ArrayList<>();
            for (long[] p : groups.get(g)) {
                keyed.add(new long[] {HorizonSampler.key(windows.get((int) p[0]).recordId((int) p[1]), seed), p[0], p[1]});
            }
            keyed.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]).thenComparingLong(k -> k[2]));
            for (int i = 0; i < Math.min(quota[g], keyed.size()); i++) {
                chosen.get((int) keyed.get(i)[1]).add((int) keyed.get(i)[2]);
            }
        }
        return chosen.stream().map(rows -> rows.stream().mapToInt(Integer::intValue).sorted().toArray()).toArray(int[][]::new);
    }

    private static List<long[]> positions(List<ColumnarWindow> windows, Predicate<Object> label) {
        List<long[]> positions = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            for (int row = 0; row < windows.get(w).rows(); row++) {
                if (label.test(windows.get(w).label(row))) {
                    positions.add(new long[] {w, row});
                }
            }
        }
        return positions;
    }

    /** The stratified quotas of "common" and "rare" (in class-name order), as the sampler computes them. */
    private static long[] stratifiedQuotas(List<ColumnarWindow> windows, int budget) {
        long total = windows.stream().mapToLong(ColumnarWindow::rows).sum();
        if (total <= budget) {
            return new long[] {Long.MAX_VALUE, Long.MAX_VALUE};
        }
        long rare = positions(windows, "rare"::equals).size();
        double[] exact = {(double) budget * (total - rare) / total, (double) budget * rare / total};
        long[] quota = {(long) Math.floor(exact[0]), (long) Math.floor(exact[1])};
        long left = budget - quota[0] - quota[1];
        double[] remainder = {exact[0] - quota[0], exact[1] - quota[1]};
        int first = remainder[1] > remainder[0] ? 1 : 0;
        for (int i = 0; i < left; i++) {
            quota[i == 0 ? first : 1 - first]++;
        }
        return new long[] {Math.max(quota[0], 1), Math.max(quota[1], 1)};
    }

    private static int count(int[][] chosen) {
        return Arrays.stream(chosen).mapToInt(rows -> rows.length).sum();
    }

    private static ColumnarWindow window(String batchId) {
        return window(batchId, 100);
    }

    private static ColumnarWindow window(String batchId, int rows) {
        List<CleanRecord> records = IntStream.range(0, rows).mapToObj(i -> ColumnarWindowTest.record(batchId + "-" + i,
                List.of((double) i), i % 10 == 0 ? "rare" : "common", null)).toList();
        BatchManifest manifest = (BatchManifest) TestBatches.manifest("p", batchId, 1, records.size()).getPart();
        return ColumnarWindow.of(new AssembledBatch(batchId, manifest, records, 0, 1), 0);
    }
}
