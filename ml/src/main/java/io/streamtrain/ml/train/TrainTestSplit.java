package io.streamtrain.ml.train;

import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.CleanRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A batch divided into records to train on and records held out for evaluation. Each side keeps the batch's order.
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

    private static final Comparator<CleanRecord> BY_ID_HASH = Comparator
            .comparingDouble((CleanRecord r) -> RecordIdHash.unitInterval(r.getRecordId()))
            .thenComparing(CleanRecord::getRecordId);
    private static final Comparator<CleanRecord> BY_TIME = Comparator
            .comparing(CleanRecord::getEventTime)
            .thenComparing(CleanRecord::getRecordId);

    public TrainTestSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
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
        List<CleanRecord> train = new ArrayList<>();
        List<CleanRecord> test = new ArrayList<>();
        for (CleanRecord record : records) {
            (isTest(record.getRecordId(), testFraction) ? test : train).add(record);
        }
        return new TrainTestSplit(train, test);
    }

    /** Whether the record with {@code recordId} is held out when {@code testFraction} of ids are (hash strategy). */
    public static boolean isTest(String recordId, double testFraction) {
        return RecordIdHash.unitInterval(recordId) < testFraction;
    }

    private static TrainTestSplit stratified(List<CleanRecord> records, double testFraction, Function<CleanRecord, String> classOf) {
        Map<String, List<CleanRecord>> byClass = new LinkedHashMap<>();
        for (CleanRecord record : records) {
            byClass.computeIfAbsent(classOf.apply(record), c -> new ArrayList<>()).add(record);
        }
        Set<CleanRecord> heldOut = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<CleanRecord> members : byClass.values()) {
            List<CleanRecord> ordered = members.stream().sorted(BY_ID_HASH).toList();
            ordered.subList(0, testCount(ordered.size(), testFraction)).forEach(heldOut::add);
        }
        return partition(records, heldOut);
    }

    private static TrainTestSplit latestHeldOut(List<CleanRecord> records, double testFraction) {
        List<CleanRecord> ordered = records.stream().sorted(BY_TIME).toList();
        Set<CleanRecord> heldOut = Collections.newSetFromMap(new IdentityHashMap<>());
        ordered.subList(ordered.size() - testCount(ordered.size(), testFraction), ordered.size()).forEach(heldOut::add);
        return partition(records, heldOut);
    }

    /** {@code round(fraction * n)}, kept in [1, n - 1] when n is at least 2; 0 for a single record. */
    static int testCount(int n, double testFraction) {
        if (n < 2) {
            return 0;
        }
        return (int) Math.min(n - 1, Math.max(1, Math.round(testFraction * n)));
    }

    private static TrainTestSplit partition(List<CleanRecord> records, Set<CleanRecord> heldOut) {
        List<CleanRecord> train = new ArrayList<>();
        List<CleanRecord> test = new ArrayList<>();
        for (CleanRecord record : records) {
            (heldOut.contains(record) ? test : train).add(record);
        }
        return new TrainTestSplit(train, test);
    }
}
