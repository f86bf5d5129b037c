package io.streamtrain.trainer.horizon;

import io.streamtrain.core.learning.HorizonSampling;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses which rows of the earlier windows of a horizon train when they hold more than the room left by the newest
 * window ({@link HorizonSampling}). The choice depends only on the windows, the room and the seed, never on the
 * order of calls or the machine, so a horizon rebuilt after a restart trains on the same rows.
 */
final class HorizonSampler {

    private HorizonSampler() {
    }

    /**
     * The rows of each window that train, ascending, one array per window of {@code windows}.
     *
     * @param room most rows in total; every row when the windows hold no more
     */
    static int[][] choose(List<ColumnarWindow> windows, long room, HorizonSampling sampling, long seed) {
        long total = windows.stream().mapToLong(ColumnarWindow::rows).sum();
        if (total <= room) {
            return windows.stream().map(w -> everyRow(w.rows())).toArray(int[][]::new);
        }
        int budget = (int) Math.max(0, room);
        return switch (sampling) {
            case NEWEST -> newest(windows, budget);
            case UNIFORM -> smallestKeys(windows, (w, row) -> 0, new long[] {budget}, seed);
            case STRATIFIED -> stratified(windows, total, budget, seed);
        };
    }

    /** The last {@code budget} rows by position: whole windows from the newest back, the rest of the oldest one kept. */
    private static int[][] newest(List<ColumnarWindow> windows, int budget) {
        int[][] chosen = new int[windows.size()][];
        int left = budget;
        for (int w = windows.size() - 1; w >= 0; w--) {
            int rows = windows.get(w).rows();
            int kept = Math.min(rows, left);
            chosen[w] = new int[kept];
            for (int i = 0; i < kept; i++) {
                chosen[w][i] = rows - kept + i;
            }
            left -= kept;
        }
        return chosen;
    }

    /**
     * Each class gets its share of {@code budget} (largest remainders decide the rounding, ties by class name), at least
     * one row when it has rows; within a class the rows with the smallest keys.
     */
    private static int[][] stratified(List<ColumnarWindow> windows, long total, int budget, long seed) {
        Map<String, Long> counts = new TreeMap<>();
        for (ColumnarWindow window : windows) {
            for (int row = 0; row < window.rows(); row++) {
                counts.merge(String.valueOf(window.label(row)), 1L, Long::sum);
            }
        }
        List<String> classes = List.copyOf(counts.keySet());
        long[] quota = new long[classes.size()];
        double[] remainder = new double[classes.size()];
        long given = 0;
        for (int c = 0; c < classes.size(); c++) {
            double exact = (double) budget * counts.get(classes.get(c)) / total;
            quota[c] = (long) Math.floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        Integer[] byRemainder = new Integer[classes.size()];
        Arrays.setAll(byRemainder, c -> c);
        Arrays.sort(byRemainder, Comparator.<Integer>comparingDouble(c -> -remainder[c]).thenComparing(classes::get));
        for (int i = 0; given < budget && i < byRemainder.length; i++, given++) {
            quota[byRemainder[i]]++;
        }
        for (int c = 0; c < classes.size(); c++) {
            quota[c] = Math.max(quota[c], 1);
        }
        Map<String, Integer> classIndex = new HashMap<>();
        classes.forEach(c -> classIndex.put(c, classIndex.size()));
        return smallestKeys(windows, (w, row) -> classIndex.get(String.valueOf(windows.get(w).label(row))), quota, seed);
    }

    /** The group of a row of the horizon: an index into the quotas. */
    @FunctionalInterface
    private interface Grouping {
        int groupOf(int window, int row);
    }

    /**
     * Within each group, the {@code quota} rows with the smallest keys (ties by window, then row), kept in a bounded heap
     * per group while every row is keyed once.
     */
    private static int[][] smallestKeys(List<ColumnarWindow> windows, Grouping grouping, long[] quota, long seed) {
        SmallestKeys[] groups = new SmallestKeys[quota.length];
        for (int g = 0; g < quota.length; g++) {
            groups[g] = new SmallestKeys(Math.toIntExact(quota[g]));
        }
        for (int w = 0; w < windows.size(); w++) {
            ColumnarWindow window = windows.get(w);
            for (int row = 0; row < window.rows(); row++) {
                groups[grouping.groupOf(w, row)].offer(key(window.recordId(row), seed), position(w, row));
            }
        }
        int[] perWindow = new int[windows.size()];
        List<long[]> kept = new ArrayList<>(groups.length);
        for (SmallestKeys group : groups) {
            long[] positions = group.positions();
            kept.add(positions);
            for (long position : positions) {
                perWindow[(int) (position >>> 32)]++;
            }
        }
        int[][] chosen = new int[windows.size()][];
        Arrays.setAll(chosen, w -> new int[perWindow[w]]);
        int[] filled = new int[windows.size()];
        for (long[] positions : kept) {
            for (long position : positions) {
                int w = (int) (position >>> 32);
                chosen[w][filled[w]++] = (int) position;
            }
        }
        for (int[] rows : chosen) {
            Arrays.sort(rows);
        }
        return chosen;
    }

    /** Window and row in one long that orders as (window, row). */
    private static long position(int window, int row) {
        return ((long) window << 32) | row;
    }

    private static int[] everyRow(int rows) {
        int[] all = new int[rows];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** A seeded 64-bit hash of a record id (FNV-1a, then a SplitMix64 finaliser with the seed), unsigned-compared. */
    static long key(String recordId, long seed) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : recordId.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        long z = hash + seed * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
