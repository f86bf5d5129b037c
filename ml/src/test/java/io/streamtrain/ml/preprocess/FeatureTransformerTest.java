package io.streamtrain.ml.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureTransformerTest {

    private static final List<FeatureDefinition> FEATURES = List.of(
            new FeatureDefinition("amount", FeatureType.NUMERIC),
            new FeatureDefinition("premium", FeatureType.BOOLEAN),
            new FeatureDefinition("region", FeatureType.CATEGORICAL));

    private static final FittedPreprocessing PREPROCESSING = new FittedPreprocessing(List.of(
            numeric("amount", 10.0, 10.0, 4.0),
            numeric("premium", 0.5, 0.5, 0.5),
            new FittedColumn("region", null, 0.0, 1.0, List.of("east", "north", "west"), false, null, null, null)));

    private final FeatureTransformer transformer = new FeatureTransformer(FEATURES, PREPROCESSING);

    @Test
    void shouldLayOutOneSlotPerNumberAndOnePerCategory() {
        assertThat(transformer.width()).isEqualTo(5);
    }

    @Test
    void shouldStandardiseNumbersAndOneHotCategories() {
        assertThat(transformer.transform(List.of(18.0, 1.0, "north"))).containsExactly(2.0, 1.0, 0.0, 1.0, 0.0);
    }

    @Test
    void shouldImputeMissingAndNonFiniteNumbersWithTrainMean() {
        assertThat(transformer.transform(values(null, Double.NaN, "east"))).containsExactly(0.0, 0.0, 1.0, 0.0, 0.0);
        assertThat(transformer.transform(values(Double.POSITIVE_INFINITY, "not a number", "east"))).containsExactly(0.0, 0.0, 1.0, 0.0, 0.0);
    }

    @Test
    void shouldEncodeUnseenAndMissingCategoriesAsZeros() {
        assertThat(transformer.transform(values(10.0, 0.5, "south"))).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(transformer.transform(values(10.0, 0.5, null))).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void shouldSendUnseenCategoriesToOtherSlotAndImputeMissingOnes() {
        var region = new FittedColumn("region", null, 0.0, 1.0, List.of("east", "west"), true, "west", null, null);
        var withOther = new FeatureTransformer(List.of(FEATURES.get(2)), new FittedPreprocessing(List.of(region)));

        assertThat(withOther.width()).isEqualTo(3);
        assertThat(withOther.transform(values("south"))).containsExactly(0.0, 0.0, 1.0);
        assertThat(withOther.transform(values((Object) null))).containsExactly(0.0, 1.0, 0.0);
        assertThat(withOther.transform(values("east"))).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void shouldClipBeforeScaling() {
        var amount = new FittedColumn("amount", 5.0, 0.0, 2.0, List.of(), false, null, 1.0, 9.0);
        var clipped = new FeatureTransformer(List.of(FEATURES.get(0)), new FittedPreprocessing(List.of(amount)));

        assertThat(clipped.transform(values(100.0))).containsExactly(4.5);
        assertThat(clipped.transform(values(-100.0))).containsExactly(0.5);
        assertThat(clipped.transform(values(Double.NEGATIVE_INFINITY))).containsExactly(2.5);
    }

    @Test
    void shouldRefuseRecordWithOtherNumberOfFeatures() {
        assertThatThrownBy(() -> transformer.transform(List.of(1.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record has 2 feature values; the model expects 3");
    }

    @Test
    void shouldRefusePreprocessingThatDoesNotMatchFeatures() {
        FittedPreprocessing swapped = new FittedPreprocessing(List.of(
                PREPROCESSING.getColumns().get(1), PREPROCESSING.getColumns().get(0), PREPROCESSING.getColumns().get(2)));

        assertThatThrownBy(() -> new FeatureTransformer(FEATURES, swapped)).hasMessageContaining("premium stands where feature amount");
    }

    @Test
    void shouldRefuseZeroScale() {
        FittedPreprocessing zeroScale = new FittedPreprocessing(List.of(
                numeric("amount", 1.0, 1.0, 0.0), PREPROCESSING.getColumns().get(1), PREPROCESSING.getColumns().get(2)));

        assertThatThrownBy(() -> new FeatureTransformer(FEATURES, zeroScale)).hasMessageContaining("feature amount").hasMessageContaining("scale=0.0");
    }

    private static FittedColumn numeric(String name, double impute, double center, double scale) {
        return new FittedColumn(name, impute, center, scale, List.of(), false, null, null, null);
    }

    private static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }
}
