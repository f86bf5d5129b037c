package io.streamtrain.ml.preprocess;

import static io.streamtrain.ml.testing.Batches.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessingFitterTest {

    private static final List<FeatureDefinition> FEATURES = List.of(
            new FeatureDefinition("amount", FeatureType.NUMERIC),
            new FeatureDefinition("premium", FeatureType.BOOLEAN),
            new FeatureDefinition("region", FeatureType.CATEGORICAL));

    @Test
    void shouldFitMeanAndSampleStdIgnoringMissingValues() {
        FittedColumn amount = fit(List.of(
                record("a", "x", 1.0, 1.0, "n"),
                record("b", "x", 3.0, 0.0, "n"),
                record("c", "x", null, 1.0, "n"),
                record("d", "x", 5.0, 1.0, "n"))).getColumns().get(0);

        assertThat(amount.getFeature()).isEqualTo("amount");
        assertThat(amount.getImputeNumber()).isCloseTo(3.0, within(1e-12));
        assertThat(amount.getCenter()).isCloseTo(3.0, within(1e-12));
        assertThat(amount.getScale()).isCloseTo(2.0, within(1e-12));
        assertThat(amount.getCategories()).isEmpty();
    }

    @Test
    void shouldStandardiseBooleansLikeNumbers() {
        FittedColumn premium = fit(List.of(record("a", "x", 1.0, 1.0, "n"), record("b", "x", 1.0, 0.0, "n"))).getColumns().get(1);

        assertThat(premium.getCenter()).isCloseTo(0.5, within(1e-12));
        assertThat(premium.getScale()).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void shouldLeaveConstantColumnUnscaled() {
        FittedColumn amount = fit(List.of(record("a", "x", 0.1, 1.0, "n"), record("b", "x", 0.1, 1.0, "n"))).getColumns().get(0);

        assertThat(amount.getCenter()).isEqualTo(0.1);
        assertThat(amount.getScale()).isEqualTo(1.0);
    }

    @Test
    void shouldImputeZeroWhenColumnIsMissingEverywhere() {
        FittedColumn amount = fit(List.of(record("a", "x", null, 1.0, "n"), record("b", "x", Double.NaN, 0.0, "s"))).getColumns().get(0);

        assertThat(amount.getImputeNumber()).isEqualTo(0.0);
        assertThat(amount.getCenter()).isEqualTo(0.0);
        assertThat(amount.getScale()).isEqualTo(1.0);
    }

    @Test
    void shouldPassThroughColumnWhoseStatisticsOverflow() {
        FittedColumn amount = fit(List.of(record("a", "x", Double.MAX_VALUE, 1.0, "n"), record("b", "x", -Double.MAX_VALUE, 0.0, "s"),
                record("c", "x", Double.MAX_VALUE, 0.0, "s"))).getColumns().get(0);

        assertThat(List.of(amount.getImputeNumber(), amount.getCenter(), amount.getScale())).containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void shouldBuildSortedVocabularyOfPresentCategories() {
        FittedColumn region = fit(List.of(
                record("a", "x", 1.0, 1.0, "west"),
                record("b", "x", 1.0, 1.0, "east"),
                record("c", "x", 1.0, 1.0, null),
                record("d", "x", 1.0, 1.0, " "),
                record("e", "x", 1.0, 1.0, "east"))).getColumns().get(2);

        assertThat(region.getCategories()).containsExactly("east", "west");
        assertThat(region.getImputeNumber()).isNull();
    }

    @Test
    void shouldKeepMostFrequentCategoriesWhenVocabularyIsCapped() {
        List<CleanRecord> records = List.of(
                record("a", "x", 1.0, 1.0, "c"), record("b", "x", 1.0, 1.0, "c"), record("c", "x", 1.0, 1.0, "c"),
                record("d", "x", 1.0, 1.0, "a"), record("e", "x", 1.0, 1.0, "b"), record("f", "x", 1.0, 1.0, "b"));

        FittedColumn region = new PreprocessingFitter(2).fit(FEATURES, records).getColumns().get(2);

        assertThat(region.getCategories()).containsExactly("b", "c");
    }

    @Test
    void shouldRefuseRecordWithOtherNumberOfFeatures() {
        assertThatThrownBy(() -> fit(List.of(record("a", "x", 1.0, 1.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record a has 2 feature values");
    }

    private static FittedPreprocessing fit(List<CleanRecord> records) {
        return new PreprocessingFitter().fit(FEATURES, records);
    }
}
