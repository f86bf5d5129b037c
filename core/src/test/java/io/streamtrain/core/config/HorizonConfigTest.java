package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The training-horizon keys of a pipeline definition. */
class HorizonConfigTest {

    @Test
    void shouldTrainEachModelOnTheLastThirtyWindowsByDefault() {
        TrainingHorizon horizon = config(Map.of()).horizon();

        assertThat(horizon.windows()).isEqualTo(30).isEqualTo(PipelineConfig.DEFAULT_HORIZON_WINDOWS);
        assertThat(horizon.spansWindows()).isTrue();
        assertThat(horizon.span()).isEqualTo(Duration.ZERO);
        assertThat(horizon.maxRecords()).isEqualTo(200_000);
        assertThat(horizon.sampling()).isEqualTo(HorizonSampling.UNIFORM);
        assertThat(horizon.evaluation()).isEqualTo(Evaluation.NEWEST_WINDOW);
        assertThat(horizon.refit()).isTrue();
    }

    @Test
    void shouldReadEveryHorizonKey() {
        TrainingHorizon horizon = config(Map.of("train.horizon.windows", "30", "train.horizon.ms", "3600000",
                "train.horizon.max.records", "5000", "train.horizon.sampling", "stratified",
                "train.evaluation", "every-window", "train.refit", "false")).horizon();

        assertThat(horizon).isEqualTo(new TrainingHorizon(30, Duration.ofHours(1), 5000, HorizonSampling.STRATIFIED,
                Evaluation.EVERY_WINDOW, false));
    }

    @Test
    void shouldNotRefitByDefaultWhenEveryWindowOfSeveralIsSplitForEvaluation() {
        assertThat(config(Map.of("train.evaluation", "every-window")).horizon().refit()).isFalse();
        assertThat(config(Map.of("train.evaluation", "every-window", "train.horizon.windows", "1")).horizon().refit()).isTrue();
    }

    @Test
    void shouldRefuseARefitWhoseChampionWouldBeJudgedOnRowsItLearned() {
        assertThatThrownBy(() -> config(Map.of("train.evaluation", "every-window", "train.refit", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.refit")
                .hasMessageContaining("set train.refit=false or train.evaluation=newest-window");
    }

    @Test
    void shouldFitFromScratchUnlessWarmStartsAreOn() {
        assertThat(config(Map.of()).warmStart()).isFalse();
        assertThat(config(Map.of("train.warm.start", "true")).warmStart()).isTrue();
    }

    @Test
    void shouldRefuseStratifiedSamplingForRegressionNamingTheKeys() {
        assertThatThrownBy(() -> config(Map.of("task", "regression", "label.field", "monthlySpend",
                "train.horizon.sampling", "stratified")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.horizon.sampling")
                .hasMessageContaining("task=classification");
    }

    @Test
    void shouldRefuseAnEventTimeSpanThatOneWindowWouldMakeMeaningless() {
        assertThatThrownBy(() -> config(Map.of("train.horizon.windows", "1", "train.horizon.ms", "60000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.horizon.ms")
                .hasMessageContaining("raise train.horizon.windows");
    }

    @Test
    void shouldTrainATransientModelOnItsOwnWindowWhenTheHorizonIsNotSet() {
        TrainingHorizon horizon = config(Map.of("pipeline.mode", "transient")).horizon();

        assertThat(horizon.windows()).isEqualTo(1);
        assertThat(horizon.spansWindows()).isFalse();
    }

    @Test
    void shouldRefuseAHorizonOfSeveralWindowsInTransientMode() {
        assertThatThrownBy(() -> config(Map.of("pipeline.mode", "transient", "train.horizon.windows", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.horizon.windows")
                .hasMessageContaining("pipeline.mode=transient");
    }

    @Test
    void shouldRefuseUnknownSamplingAndEvaluationNames() {
        assertThatThrownBy(() -> config(Map.of("train.horizon.sampling", "random"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.horizon.sampling");
        assertThatThrownBy(() -> config(Map.of("train.evaluation", "all"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.evaluation");
        assertThatThrownBy(() -> config(Map.of("train.horizon.windows", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.horizon.windows");
    }

    private static PipelineConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "churn"));
        values.putAll(overrides);
        return new PipelineConfig(values);
    }
}
