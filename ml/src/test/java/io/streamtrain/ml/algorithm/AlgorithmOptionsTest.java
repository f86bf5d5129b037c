package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.learning.Algorithms;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlgorithmOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "linear-regression", "random-forest", "gradient-boosted-trees"})
    void shouldRoundTripThroughItsMapWithEveryDefaultFilledIn(String algorithm) {
        AlgorithmOptions defaults = AlgorithmOptions.of(algorithm, Map.of());

        assertThat(AlgorithmOptions.of(algorithm, defaults.toMap())).isEqualTo(defaults);
        assertThat(defaults.algorithm()).isEqualTo(algorithm);
        assertThat(defaults.toMap()).isNotEmpty().allSatisfy((key, value) -> assertThat(value).isNotBlank());
    }

    @Test
    void shouldReadGivenValuesAndDefaultTheRest() {
        AlgorithmOptions options = AlgorithmOptions.of(Algorithms.RANDOM_FOREST, Map.of("trees", "7", "subsample", "0.5"));

        assertThat(options).isEqualTo(new RandomForestOptions(7, 20, 512, 1, 0, 0.5));
    }

    @ParameterizedTest
    @CsvSource({
            "random-forest, trees, 0, 'random-forest hyperparameter trees must be in [1, 5000], was 0'",
            "random-forest, mtry, -1, 'random-forest hyperparameter mtry must be in [0, 100000], was -1'",
            "gradient-boosted-trees, shrinkage, 2, 'gradient-boosted-trees hyperparameter shrinkage must be in [1.0E-4, 1], was 2'",
            "linear-regression, lambda, -0.5, 'linear-regression hyperparameter lambda must be in [0, 1000000000], was -0.5'",
            "logistic-regression, tolerance, 1, 'logistic-regression hyperparameter tolerance must be in [1.0E-12, 0.1], was 1'"})
    void shouldRefuseValueNamingAlgorithmKeyAndRange(String algorithm, String key, String value, String message) {
        assertThatThrownBy(() -> AlgorithmOptions.of(algorithm, Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRefuseTextWhereANumberBelongs() {
        assertThatThrownBy(() -> AlgorithmOptions.of(Algorithms.GRADIENT_BOOSTED_TREES, Map.of("max.nodes", "many")))
                .hasMessage("gradient-boosted-trees hyperparameter max.nodes must be an integer, was 'many'");
    }

    @Test
    void shouldRefuseKeyTheAlgorithmDoesNotHave() {
        assertThatThrownBy(() -> AlgorithmOptions.of(Algorithms.LINEAR_REGRESSION, Map.of("trees", "10")))
                .hasMessage("linear-regression has no hyperparameter trees; it has [lambda]");
    }

    @Test
    void shouldDeriveOneSeedPerTreeFromTheSeed() {
        RandomForestOptions options = new RandomForestOptions(5, 20, 512, 5, 0, 1.0);

        assertThat(options.treeSeeds(1)).hasSize(5).doesNotHaveDuplicates().containsExactly(options.treeSeeds(1));
        assertThat(options.treeSeeds(2)).isNotEqualTo(options.treeSeeds(1));
    }

    @Test
    void shouldDefaultMtryBySmilesRulePerTask() {
        RandomForestOptions options = new RandomForestOptions(5, 20, 512, 5, 0, 1.0);

        assertThat(options.mtryFor(30, true)).isEqualTo(5);
        assertThat(options.mtryFor(30, false)).isEqualTo(10);
        assertThat(new RandomForestOptions(5, 20, 512, 5, 50, 1.0).mtryFor(30, true)).isEqualTo(30);
    }
}
