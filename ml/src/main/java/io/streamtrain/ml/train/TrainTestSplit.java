package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch divided into records to train on and records held out for evaluation. A record's side depends only
 * on its id, so the same id lands on the same side in every batch, run and JVM, and a record redelivered into a
 * later batch never moves from test to train.
 *
 * @param train records to fit preprocessing and the model on
 * @param test  records held out for evaluation
 */
public record TrainTestSplit(List<CleanRecord> train, List<CleanRecord> test) {

    public TrainTestSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
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

    /** Whether the record with {@code recordId} is held out when {@code testFraction} of ids are. */
    public static boolean isTest(String recordId, double testFraction) {
        return RecordIdHash.unitInterval(recordId) < testFraction;
    }
}
