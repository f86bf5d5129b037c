package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchSpaceTest {

    @Test
    void shouldPutTheConfiguredHyperparametersFirstAndTryEveryCombinationOnce() {
        List<Map<String, String>> candidates = SearchSpace.of("random-forest", Map.of())
                .candidates(HyperparameterValues.parse("random-forest", Map.of("trees", "30")), false, 1, 42).stream()
                .map(HyperparameterValues::toStrings).toList();

        assertThat(candidates.getFirst()).isEqualTo(AlgorithmOptions.of("random-forest", Map.of("trees", "30")).toMap());
        assertThat(candidates).as("4 node sizes x 4 mtry values, the configured combination (node.size 5, mtry 0) among them")
                .hasSize(16).doesNotHaveDuplicates();
        assertThat(candidates).allSatisfy(candidate -> assertThat(candidate).containsEntry("trees", "30"));
    }

    @Test
    void shouldDrawAtMostTheLimitAtRandomTheSameWayForTheSameSeed() {
        SearchSpace space = SearchSpace.of("gradient-boosted-trees", Map.of());

        List<HyperparameterValues> drawn = space.candidates(HyperparameterValues.defaults("gradient-boosted-trees"), true, 5, 42);

        assertThat(drawn).hasSize(5).doesNotHaveDuplicates();
        assertThat(drawn.getFirst().toStrings()).isEqualTo(GradientBoostedTreesOptions.DEFAULTS.toMap());
        assertThat(space.candidates(HyperparameterValues.defaults("gradient-boosted-trees"), true, 5, 42)).isEqualTo(drawn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "linear-regression", "random-forest", "gradient-boosted-trees"})
    void shouldSearchOnlyValuesTheDefinitionsAllowWhenTheDefaultSpaceIsUsed(String algorithm) {
        SearchSpace space = SearchSpace.of(algorithm, Map.of());

        assertThat(space.values()).isNotEmpty().allSatisfy((hyperparameter, tried) -> {
            assertThat(hyperparameter.algorithm()).isEqualTo(algorithm);
            assertThat(tried).allSatisfy(value -> assertThat(value.doubleValue())
                    .isBetween(hyperparameter.min().doubleValue(), hyperparameter.max().doubleValue()));
        });
    }

    @Test
    void shouldReplaceOneKeysValuesAndRefuseValuesOutOfRange() {
        SearchSpace space = SearchSpace.of("logistic-regression", Map.of("lambda", List.of("0.5", "5")));

        assertThat(space.values()).containsExactly(Map.entry(Hyperparameter.LR_LAMBDA, List.of(0.5, 5.0)));
        assertThatThrownBy(() -> SearchSpace.of("logistic-regression", Map.of("lambda", List.of("-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambda");
        assertThatThrownBy(() -> SearchSpace.of("logistic-regression", Map.of("trees", List.of("10"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trees");
    }
}
