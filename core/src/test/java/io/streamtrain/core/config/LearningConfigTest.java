package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.Task;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task, algorithm, hyperparameter, split and preprocessing keys of a pipeline definition, on the demo schema. */
class LearningConfigTest {

    @Test
    void shouldDefaultToLogisticRegressionClassificationWithStandardPreprocessing() {
        PipelineConfig config = config(Map.of());

        assertThat(config.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(config.algorithm()).isEqualTo("logistic-regression");
        assertThat(config.seed()).isEqualTo(42L);
        assertThat(config.splitStrategy()).isEqualTo(SplitStrategy.HASH);
        assertThat(config.preprocessing()).isEqualTo(PreprocessingSpec.DEFAULTS);
    }

    @Test
    void shouldPickLinearRegressionWhenTaskIsRegressionAndAlgorithmIsEmpty() {
        PipelineConfig config = config(Map.of("task", "regression", "label.field", "monthlySpend"));

        assertThat(config.algorithm()).isEqualTo("linear-regression");
        assertThat(config.hyperparameters().toStrings()).containsOnly(Map.entry("lambda", "1.0"));
    }

    @Test
    void shouldHandOnlyTheChosenAlgorithmsHyperparametersWithoutPrefix() {
        PipelineConfig config = config(Map.of("model.algorithm", "random-forest", "model.random-forest.trees", "30",
                "model.gradient-boosted-trees.trees", "7"));

        assertThat(config.hyperparameters().toStrings()).containsOnlyKeys("trees", "max.depth", "max.nodes", "node.size", "mtry", "subsample")
                .containsEntry("trees", "30");
    }

    @ParameterizedTest
    @CsvSource({
            "classification, linear-regression, for classification use one of [logistic-regression, random-forest, gradient-boosted-trees]",
            "regression, logistic-regression, for regression use one of [linear-regression, random-forest, gradient-boosted-trees]"})
    void shouldRefuseAlgorithmOfAnotherTaskNamingWhatIsAllowed(String task, String algorithm, String allowed) {
        assertThatThrownBy(() -> config(Map.of("task", task, "model.algorithm", algorithm)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.algorithm")
                .hasMessageContaining(algorithm)
                .hasMessageContaining(allowed);
    }

    @Test
    void shouldScoreTuningCandidatesOnFiveFoldsByDefault() {
        PipelineConfig config = config(Map.of());

        assertThat(config.tuningFolds()).isEqualTo(5);
        assertThat(PipelineConfig.configDef().configKeys().get("model.tuning.folds").documentation).contains("folds").contains("mean");
        assertThat(config(Map.of("model.tuning.folds", "3")).tuningFolds()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"model.tuning.folds, 1", "model.tuning.folds, 21", "model.tuning.validation.fraction, 0.2",
            "model.tuning.random.forest.node.size, 1"})
    void shouldRefuseATuningKeyThatWouldBeIgnoredOrFoldsOutOfRange(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(value);
    }

    @ParameterizedTest
    @CsvSource({
            "model.random-forest.trees, 0",
            "model.random-forest.subsample, 1.5",
            "model.gradient-boosted-trees.shrinkage, 0",
            "model.linear-regression.lambda, -1",
            "preprocess.clip.quantile, 0.3",
            "preprocess.categorical.max.categories, 0",
            "task, clustering",
            "model.algorithm, svm",
            "preprocess.scaling, robust",
            "split.strategy, random"})
    void shouldRefuseOutOfRangeValueNamingKeyAndValue(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(value);
    }

    @Test
    void shouldRefuseStratifiedSplitForRegression() {
        assertThatThrownBy(() -> config(Map.of("task", "regression", "split.strategy", "stratified")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("split.strategy")
                .hasMessageContaining("task=classification");
    }

    @Test
    void shouldReadPreprocessingKeysAndPerFeatureOverrides() {
        PipelineConfig config = config(Map.of(
                "preprocess.missing.strategy", "median",
                "preprocess.missing.overrides", "usageHours=constant:0, region=constant:unknown,tenureMonths=drop-row",
                "preprocess.scaling", "min-max",
                "preprocess.clip.quantile", "0.01",
                "preprocess.categorical.max.categories", "20"));

        PreprocessingSpec spec = config.preprocessing();
        assertThat(spec.ruleFor("monthlySpend")).isEqualTo(MissingValueRule.of(MissingValueStrategy.MEDIAN));
        assertThat(spec.ruleFor("usageHours")).isEqualTo(new MissingValueRule(MissingValueStrategy.CONSTANT, "0"));
        assertThat(spec.ruleFor("region")).isEqualTo(new MissingValueRule(MissingValueStrategy.CONSTANT, "unknown"));
        assertThat(spec.ruleFor("tenureMonths")).isEqualTo(MissingValueRule.of(MissingValueStrategy.DROP_ROW));
        assertThat(spec.scaling()).isEqualTo(Scaling.MIN_MAX);
        assertThat(spec.clipQuantile()).isEqualTo(0.01);
        assertThat(spec.maxCategories()).isEqualTo(20);
    }

    @Test
    void shouldRefuseOverrideOfUnknownFeature() {
        assertThatThrownBy(() -> config(Map.of("preprocess.missing.overrides", "altitude=median")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("preprocess.missing.overrides")
                .hasMessageContaining("altitude")
                .hasMessageContaining("the features are [tenureMonths");
    }

    @Test
    void shouldRefuseMalformedOverride() {
        assertThatThrownBy(() -> config(Map.of("preprocess.missing.overrides", "usageHours=average")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("preprocess.missing.overrides")
                .hasMessageContaining("unknown missing-value strategy 'average'");
    }

    @Test
    void shouldRefuseNonNumericConstantForNumericFeature() {
        assertThatThrownBy(() -> config(Map.of("preprocess.missing.overrides", "usageHours=constant:lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("feature usageHours is numeric and needs a finite number");
    }

    @Test
    void shouldRequireConstantWhenDefaultStrategyIsConstant() {
        assertThatThrownBy(() -> config(Map.of("preprocess.missing.strategy", "constant")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("preprocess.missing.constant")
                .hasMessageContaining("must be set when preprocess.missing.strategy is constant");
    }

    private static PipelineConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "churn"));
        values.putAll(overrides);
        return new PipelineConfig(values);
    }
}
