package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.testing.Batches;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A categorical feature whose every record has a category of its own (an id, a timestamp or free text used as a
 * category by mistake) must not blow up the model: the one-hot vocabulary is capped, the model stays small, and
 * the other features still train it.
 */
class ExplodingCategoricalTest {

    private static final int RECORDS = 100_000;

    @Test
    void shouldCapTheVocabularyOfAHundredThousandDistinctCategoriesAndStillLearn() {
        List<CleanRecord> records = Batches.separableBinary(RECORDS, 7).stream()
                .map(r -> Batches.record(r.getRecordId(), r.getLabel(), r.getFeatures().get(0), r.getFeatures().get(1),
                        r.getFeatures().get(2), "customer-" + r.getRecordId()))
                .toList();

        TrainingOutcome outcome = new BatchTrainer().train(Batches.request(records));

        assertThat(outcome).isInstanceOfSatisfying(TrainingOutcome.Trained.class, trained -> {
            ModelEnvelope envelope = trained.envelope();
            FittedColumn colour = envelope.getPreprocessing().getColumns().get(3);
            assertThat(colour.getCategories()).hasSizeBetween(1, 101);
            assertThat(envelope.getModelBytes().remaining()).isLessThan(64 * 1024);
            assertThat(envelope.getMetrics().get("accuracy")).isGreaterThan(0.9);
        });
    }
}
