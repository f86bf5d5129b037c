package io.streamtrain.ml.train;

import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.rows.RecordView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch divided into records to train on and records held out for evaluation. Each side keeps the batch's order.
 * Both sides are {@link RecordView}s of the records split (which may be views themselves, made on demand from columns):
 * a split decides by position and holds no record of its own.
 *
 * <ul>
 *   <li>{@link SplitStrategy#HASH}: a record's side depends only on its id, so the same id lands on the same side
 *       in every batch, run and JVM, and a record redelivered into a later batch never moves from test to train.</li>
 *   <li>{@link SplitStrategy#STRATIFIED}: within each class, records ordered by the hash of their id (ties by id);
 *       the first {@code round(testFraction * n)} are held out, at least one and never all when the class has two
 *       or more records; a class with one record trains.</li>
 *   <li>{@link SplitStrategy#TIME_ORDERED}: records ordered by event time (ties by id); the latest
 *       {@code round(testFraction * n)} are held out, at least one and never all when there are two or more.</li>
 * </ul>
 *
 * @param train records to fit preprocessing and the model on
 * @param test  records held out for evaluation
 */
public record TrainTestSplit(List<CleanRecord> train, List<CleanRecord> test) {

    public TrainTestSplit {
        train = RecordView.immutable(train);
        test = RecordView.immutable(test);
    }

    /**
     * Splits {@code records} by {@code strategy}.
     *
     * @param classOf the class name of a record, read by the stratified strategy only
     */
    public static TrainTestSplit of(SplitStrategy strategy, List<CleanRecord> records, double testFraction,
                                    Function<CleanRecord, String> classOf) {
        return switch (strategy) {
            case HASH -> byRecordId(records, testFraction);
            case STRATIFIED -> stratified(records, testFraction, classOf);
            case TIME_ORDERED -> latestHeldOut(records, testFraction);
        };
    }

    /** Splits {@code records}, keeping their order; about {@code testFraction} of distinct ids go to test. */
    public static TrainTestSplit byRecordId(List<CleanRecord> records, double testFraction) {
        boolean[] heldOut = new boolean[records.size()];
        for (int i = 0; i < heldOut.length; i++) {
            heldOut[i] = isTest(records.get(i).getRecordId(), testFraction);
        }
        return partition(records, heldOut);
    }

    /** Whether the record with {@code recordId} is held out when {@code testFraction} of ids are (hash strategy). */
    public static boolean isTest(String recordId, double testFraction) {
        return RecordIdHash.unitInterval(recordId) < testFraction;
    }

    /** Within each class, positions ordered by the hash of the record id, ties by id; the first ones are held out. */
    private static TrainTestSplit stratified(List<CleanRecord> records, double testFraction, Function<CleanRecord, String> classOf) {
        String[] ids = new String[records.size()];
        double[] hashes = new double[records.size()];
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            CleanRecord record = records.get(i);
            ids[i] = record.getRecordId();
            hashes[i] = RecordIdHash.unitInterval(ids[i]);
            byClass.computeIfAbsent(classOf.apply(record), c -> new ArrayList<>()).add(i);
        }
        Comparator<Integer> byIdHash = Comparator.<Integer>comparingDouble(i -> hashes[i]).thenComparing(i -> ids[i]);
        boolean[] heldOut = new boolean[records.size()];
        for (List<Integer> members : byClass.values()) {
            // A stable sort, as the record-based split's was: equal keys keep their order in the batch.
            List<Integer> ordered = members.stream().sorted(byIdHash).toList();
            ordered.subList(0, testCount(ordered.size(), testFraction)).forEach(i -> heldOut[i] = true);
        }
        return partition(records, heldOut);
    }

    /** Positions ordered by event time, ties by id; the latest ones are held out. */
    private static TrainTestSplit latestHeldOut(List<CleanRecord> records, double testFraction) {
        String[] ids = new String[records.size()];
        Instant[] times = new Instant[records.size()];
        Integer[] ordered = new Integer[records.size()];
        for (int i = 0; i < ids.length; i++) {
            CleanRecord record = records.get(i);
            ids[i] = record.getRecordId();
            times[i] = record.getEventTime();
            ordered[i] = i;
        }
        Arrays.sort(ordered, Comparator.<Integer, Instant>comparing(i -> times[i]).thenComparing(i -> ids[i]));
        boolean[] heldOut = new boolean[records.size()];
        for (int k = ordered.length - testCount(ordered.length, testFraction); k < ordered.length; k++) {
            heldOut[ordered[k]] = true;
        }
        return partition(records, heldOut);
    }

    /** {@code round(fraction * n)}, kept in [1, n - 1] when n is at least 2; 0 for a single record. */
    static int testCount(int n, double testFraction) {
        if (n < 2) {
            return 0;
        }
        return (int) Math.min(n - 1, Math.max(1, Math.round(testFraction * n)));
    }

    private static TrainTestSplit partition(List<CleanRecord> records, boolean[] heldOut) {
        int tests = 0;
        for (boolean test : heldOut) {
            tests += test ? 1 : 0;
        }
        int[] train = new int[heldOut.length - tests];
        int[] test = new int[tests];
        int trainCount = 0;
        int testCount = 0;
        for (int i = 0; i < heldOut.length; i++) {
            if (heldOut[i]) {
                test[testCount++] = i;
            } else {
                train[trainCount++] = i;
            }
        }
        return new TrainTestSplit(RecordView.select(records, train), RecordView.select(records, test));
    }
}
