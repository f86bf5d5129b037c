package io.streamtrain.ml.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    private final PromotionGate f1Gate = new PromotionGate(true, GateMetric.F1, 0.01);

    @Test
    void shouldPromoteAChallengerWithinTheToleranceAndRecordBothScores() {
        PromotionDecision decision = f1Gate.decide(Map.of("f1", 0.795), champion(3, "f1", 0.80));

        assertThat(decision.getStatus()).isEqualTo(PromotionStatus.PROMOTED);
        assertThat(decision.getChallengerScore()).isEqualTo(0.795);
        assertThat(decision.getChampionScore()).isEqualTo(0.80);
        assertThat(decision.getChampionVersion()).isEqualTo(3L);
    }

    @Test
    void shouldRejectAChallengerWorseThanTheTolerance() {
        PromotionDecision decision = f1Gate.decide(Map.of("f1", 0.70), champion(3, "f1", 0.80));

        assertThat(decision.getStatus()).isEqualTo(PromotionStatus.REJECTED);
        assertThat(decision.getReason()).contains("worse by 0.1000").contains("champion version 3");
    }

    @Test
    void shouldTreatLowerAsBetterForErrorMetrics() {
        PromotionGate rmseGate = new PromotionGate(true, GateMetric.RMSE, 0.0);

        assertThat(rmseGate.decide(Map.of("rmse", 1.9), champion(1, "rmse", 2.0)).getStatus()).isEqualTo(PromotionStatus.PROMOTED);
        assertThat(rmseGate.decide(Map.of("rmse", 2.1), champion(1, "rmse", 2.0)).getStatus()).isEqualTo(PromotionStatus.REJECTED);
    }

    @Test
    void shouldPromoteWithTheReasonWhenThereIsNothingToCompare() {
        assertThat(f1Gate.decide(Map.of("f1", 0.1), Optional.empty()).getReason()).isEqualTo("no champion to compare with");
        assertThat(f1Gate.decide(Map.of("f1", 0.1), champion(2, "accuracy", 0.9)))
                .satisfies(d -> assertThat(d.getStatus()).isEqualTo(PromotionStatus.PROMOTED))
                .satisfies(d -> assertThat(d.getReason()).contains("not available for the champion"));
        assertThat(new PromotionGate(false, GateMetric.F1, 0).decide(Map.of("f1", 0.1), champion(2, "f1", 0.9)))
                .satisfies(d -> assertThat(d.getStatus()).isEqualTo(PromotionStatus.PROMOTED))
                .satisfies(d -> assertThat(d.getChampionScore()).isNull());
    }

    @Test
    void shouldNameTheKeyOfAnUnknownMetric() {
        assertThatThrownBy(() -> new GateConfig(Map.of(GateConfig.METRIC_CONFIG, "precision@5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(GateConfig.METRIC_CONFIG);
        assertThat(new GateConfig(Map.of()).gate()).isEqualTo(new PromotionGate(true, GateMetric.F1, 0.01));
    }

    private static Optional<ChampionScore> champion(long version, String metric, double value) {
        return Optional.of(new ChampionScore(version, Map.of(metric, value)));
    }
}
