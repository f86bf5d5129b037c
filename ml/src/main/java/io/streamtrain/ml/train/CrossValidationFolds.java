package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.rows.RecordView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rows divided into k folds for cross-validation: each fold's split trains on every other fold and holds out its own,
 * so every row is held out exactly once. Within each class (one class for regression) the rows are ordered by the hash
 * of their record id (ties by id) and dealt to the folds in turn, the dealing carried on from class to class, so
 * every fold gets about the same share of each class and the same rows land in the same fold in every run.
 */
final class CrossValidationFolds {

    private CrossValidationFolds() {
    }

    /**
     * The {@code min(folds, rows.size())} splits of {@code rows}, each side keeping the rows' order.
     *
     * @param classOf the class of a row, which the folds are stratified by
     * @throws IllegalArgumentException when {@code folds} is below 2 or there are fewer than 2 rows
     */
    static List<TrainTestSplit> of(List<CleanRecord> rows, int folds, Function<CleanRecord, String> classOf) {
        if (folds < 2 || rows.size() < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds and 2 rows, got " + folds + " folds of "
                    + rows.size() + " rows");
        }
        int k = Math.min(folds, rows.size());
        int[] foldOf = assign(rows, k, classOf);
        List<TrainTestSplit> splits = new ArrayList<>(k);
        for (int fold = 0; fold < k; fold++) {
            int heldOut = 0;
            for (int f : foldOf) {
                heldOut += f == fold ? 1 : 0;
            }
            int[] train = new int[rows.size() - heldOut];
            int[] test = new int[heldOut];
            int trainCount = 0;
            int testCount = 0;
            for (int i = 0; i < foldOf.length; i++) {
                if (foldOf[i] == fold) {
                    test[testCount++] = i;
                } else {
                    train[trainCount++] = i;
                }
            }
            splits.add(new TrainTestSplit(RecordView.select(rows, train), RecordView.select(rows, test)));
        }
        return List.copyOf(splits);
    }

    private static int[] assign(List<CleanRecord> rows, int k, Function<CleanRecord, String> classOf) {
        String[] ids = new String[rows.size()];
        double[] hashes = new double[rows.size()];
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            CleanRecord row = rows.get(i);
            ids[i] = row.getRecordId();
            hashes[i] = RecordIdHash.unitInterval(ids[i]);
            byClass.computeIfAbsent(classOf.apply(row), c -> new ArrayList<>()).add(i);
        }
        Comparator<Integer> byIdHash = Comparator.<Integer>comparingDouble(i -> hashes[i]).thenComparing(i -> ids[i]);
        int[] foldOf = new int[rows.size()];
        int dealt = 0;
        for (List<Integer> members : byClass.values()) {
            for (int i : members.stream().sorted(byIdHash).toList()) {
                foldOf[i] = dealt++ % k;
            }
        }
        return foldOf;
    }
}
