package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.train.TrainingSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Walks every hyperparameter definition from the pipeline configuration's key to the options a fit uses: one
 * definition, so the configuration and the options can neither disagree on a default nor on a range.
 */
class HyperparameterDefinitionsTest {

    @ParameterizedTest
    @EnumSource(Hyperparameter.class)
    void shouldDocumentEveryKeyWithItsDefaultInsideItsRange(Hyperparameter hyperparameter) {
        ConfigDef.ConfigKey key = PipelineConfig.configDef().configKeys().get(hyperparameter.configKey());

        assertThat(key).as("config key %s", hyperparameter.configKey()).isNotNull();
        assertThat(key.documentation).isEqualTo(hyperparameter.doc()).isNotBlank();
        assertThat(key.defaultValue).isEqualTo(hyperparameter.defaultValue());
        assertThat(hyperparameter.defaultValue().doubleValue())
                .isBetween(hyperparameter.min().doubleValue(), hyperparameter.max().doubleValue());
        assertThat(hyperparameter.defaultValue()).isInstanceOf(hyperparameter.kind() == Hyperparameter.Kind.INTEGER ? Integer.class : Double.class);
    }

    @ParameterizedTest
    @EnumSource(Hyperparameter.class)
    void shouldHandTheConfiguredValueToTheOptionsUnchanged(Hyperparameter hyperparameter) {
        Number value = otherThanDefault(hyperparameter);

        TrainingSettings settings = TrainingSettings.from(config(hyperparameter, value.toString()));

        assertThat(settings.options().values().values()).containsEntry(hyperparameter, value);
        assertThat(settings.options().values().values()).allSatisfy((other, otherValue) -> {
            if (other != hyperparameter) {
                assertThat(otherValue).as("%s", other).isEqualTo(other.defaultValue());
            }
        });
        assertThat(settings.options()).isEqualTo(AlgorithmOptions.of(HyperparameterValues.of(hyperparameter.algorithm(), Map.of(hyperparameter, value))));
    }

    @ParameterizedTest
    @EnumSource(Hyperparameter.class)
    void shouldRefuseValuesOutsideTheRangeInTheConfigAndTheOptions(Hyperparameter hyperparameter) {
        String below = hyperparameter.kind() == Hyperparameter.Kind.INTEGER
                ? Integer.toString(hyperparameter.min().intValue() - 1) : Double.toString(hyperparameter.min().doubleValue() / 2 - 1e-3);
        String above = hyperparameter.kind() == Hyperparameter.Kind.INTEGER
                ? Integer.toString(hyperparameter.max().intValue() + 1) : "Infinity";

        for (String outside : new String[] {below, above}) {
            assertThatThrownBy(() -> config(hyperparameter, outside))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(hyperparameter.configKey())
                    .hasMessageContaining(outside);
            assertThatThrownBy(() -> AlgorithmOptions.of(hyperparameter.algorithm(), Map.of(hyperparameter.key(), outside)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(hyperparameter.algorithm() + " hyperparameter " + hyperparameter.key() + " must be in [");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "linear-regression", "random-forest", "gradient-boosted-trees"})
    void shouldTakeTheOptionsDefaultsFromTheDefinitions(String algorithm) {
        AlgorithmOptions defaults = AlgorithmOptions.of(algorithm, Map.of());

        assertThat(defaults.values().values()).containsExactlyEntriesOf(definedDefaults(algorithm));
        assertThat(TrainingSettings.from(config(Hyperparameter.of(algorithm).getFirst(),
                Hyperparameter.of(algorithm).getFirst().defaultValue().toString())).options()).isEqualTo(defaults);
    }

    private static Map<Hyperparameter, Number> definedDefaults(String algorithm) {
        Map<Hyperparameter, Number> defaults = new java.util.LinkedHashMap<>();
        Hyperparameter.of(algorithm).forEach(h -> defaults.put(h, h.defaultValue()));
        return defaults;
    }

    /** An allowed value other than the default: the range's other end. */
    private static Number otherThanDefault(Hyperparameter hyperparameter) {
        return hyperparameter.defaultValue().equals(hyperparameter.min()) ? hyperparameter.max() : hyperparameter.min();
    }

    private static PipelineConfig config(Hyperparameter hyperparameter, String value) {
        boolean classifies = Algorithms.forTask(Task.CLASSIFICATION).contains(hyperparameter.algorithm());
        Map<String, String> values = new HashMap<>(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "churn",
                PipelineConfig.MODEL_ALGORITHM_CONFIG, hyperparameter.algorithm(), hyperparameter.configKey(), value));
        if (!classifies) {
            values.put(PipelineConfig.TASK_CONFIG, "regression");
            values.put(PipelineConfig.LABEL_FIELD_CONFIG, "monthlySpend");
        }
        return new PipelineConfig(values);
    }
}
