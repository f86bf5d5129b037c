package io.streamtrain.ml.preprocess;

import static io.streamtrain.ml.testing.Batches.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
    void shouldRefuseColumnMissingEverywhere() {
        assertThatThrownBy(() -> fit(List.of(record("a", "x", null, 1.0, "n"), record("b", "x", Double.NaN, 0.0, "s"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feature amount has no value in the train split");
    }

    @Test
    void shouldImputeMedianMostFrequentOrConstantAsAsked() {
        List<CleanRecord> records = List.of(record("a", "x", 1.0, 1.0, "n"), record("b", "x", 2.0, 0.0, "n"), record("c", "x", 2.0, 1.0, "n"),
                record("d", "x", 10.0, 1.0, "n"), record("e", "x", null, 1.0, "n"));

        assertThat(fitWith(rule(MissingValueStrategy.MEDIAN), records).getColumns().get(0).getImputeNumber()).isEqualTo(2.0);
        assertThat(fitWith(rule(MissingValueStrategy.MOST_FREQUENT), records).getColumns().get(0).getImputeNumber()).isEqualTo(2.0);
        assertThat(fitWith(rule(MissingValueStrategy.MEAN), records).getColumns().get(0).getImputeNumber()).isEqualTo(3.75);
        assertThat(fitWith(new MissingValueRule(MissingValueStrategy.CONSTANT, "-1"), Map.of(), records).getColumns().get(0).getImputeNumber())
                .isEqualTo(-1.0);
        assertThat(fitWith(rule(MissingValueStrategy.MEDIAN), records).getColumns().get(1).getImputeNumber()).isEqualTo(1.0);
    }

    @Test
    void shouldApplyPerFeatureOverrideOverDefaultRule() {
        List<CleanRecord> records = List.of(record("a", "x", 1.0, 1.0, "n"), record("b", "x", 2.0, 0.0, "s"), record("c", "x", 9.0, 0.0, "s"));

        FittedPreprocessing fitted = fitWith(rule(MissingValueStrategy.MEAN),
                Map.of("amount", rule(MissingValueStrategy.MEDIAN), "region", new MissingValueRule(MissingValueStrategy.CONSTANT, "unknown")), records);

        assertThat(fitted.getColumns().get(0).getImputeNumber()).isEqualTo(2.0);
        assertThat(fitted.getColumns().get(1).getImputeNumber()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(fitted.getColumns().get(2).getImputeCategory()).isEqualTo("unknown");
    }

    @Test
    void shouldImputeMostFrequentCategoryAndKeepOtherSlot() {
        FittedColumn region = fit(List.of(record("a", "x", 1.0, 1.0, "s"), record("b", "x", 1.0, 1.0, "n"), record("c", "x", 1.0, 1.0, "s")))
                .getColumns().get(2);

        assertThat(region.getImputeCategory()).isEqualTo("s");
        assertThat(region.getOtherSlot()).isTrue();
    }

    @Test
    void shouldScaleMinMaxOrNotAtAll() {
        List<CleanRecord> records = List.of(record("a", "x", 2.0, 1.0, "n"), record("b", "x", 6.0, 0.0, "n"), record("c", "x", 4.0, 0.0, "n"));

        FittedColumn minMax = new PreprocessingFitter(spec(rule(MissingValueStrategy.MEAN), Map.of(), Scaling.MIN_MAX, 0.0))
                .fit(FEATURES, records).getColumns().get(0);
        FittedColumn none = new PreprocessingFitter(spec(rule(MissingValueStrategy.MEAN), Map.of(), Scaling.NONE, 0.0))
                .fit(FEATURES, records).getColumns().get(0);

        assertThat(List.of(minMax.getCenter(), minMax.getScale())).containsExactly(2.0, 4.0);
        assertThat(List.of(none.getCenter(), none.getScale())).containsExactly(0.0, 1.0);
    }

    @Test
    void shouldClipAtFittedQuantilesAndScaleClippedValues() {
        List<CleanRecord> records = IntStream.rangeClosed(0, 100)
                .mapToObj(i -> record("r" + i, "x", i == 100 ? 1e6 : (double) i, 1.0, "n")).toList();

        FittedColumn amount = new PreprocessingFitter(spec(rule(MissingValueStrategy.MEAN), Map.of(), Scaling.MIN_MAX, 0.05))
                .fit(FEATURES, records).getColumns().get(0);

        assertThat(amount.getClipLow()).isCloseTo(5.0, within(1e-9));
        assertThat(amount.getClipHigh()).isCloseTo(95.0, within(1e-9));
        assertThat(List.of(amount.getCenter(), amount.getScale())).containsExactly(5.0, 90.0);
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

        FittedColumn region = new PreprocessingFitter(new PreprocessingSpec(rule(MissingValueStrategy.MEAN), Map.of(), 2, Scaling.STANDARD, 0.0))
                .fit(FEATURES, records).getColumns().get(2);

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

    private static FittedPreprocessing fitWith(MissingValueRule rule, List<CleanRecord> records) {
        return fitWith(rule, Map.of(), records);
    }

    private static FittedPreprocessing fitWith(MissingValueRule rule, Map<String, MissingValueRule> overrides, List<CleanRecord> records) {
        return new PreprocessingFitter(spec(rule, overrides, Scaling.STANDARD, 0.0)).fit(FEATURES, records);
    }

    private static PreprocessingSpec spec(MissingValueRule rule, Map<String, MissingValueRule> overrides, Scaling scaling, double clip) {
        return new PreprocessingSpec(rule, overrides, 100, scaling, clip);
    }

    private static MissingValueRule rule(MissingValueStrategy strategy) {
        return MissingValueRule.of(strategy);
    }
}
