package io.streamtrain.ml.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.DeployStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrialRuleTest {

    private static final Duration DAY = Duration.ofDays(1);
    private final TrialRule shadow = new TrialRule(DeployStrategy.SHADOW, 400, DAY, 0.05);
    private final TrialRule canary = new TrialRule(DeployStrategy.CANARY, 400, DAY, 0.05);

    @Test
    void shouldContinueBeforeTheMinimumLabelsAndTime() {
        TrialVerdict verdict = shadow.decide(new ClassificationOutcomes(300, 10, 10, 79), Duration.ofHours(1));

        assertThat(verdict.decision()).isEqualTo(TrialDecision.CONTINUE);
        assertThat(verdict.isFinal()).isFalse();
    }

    @Test
    void shouldPromoteAChallengerThatIsNotWorseAtTheMinimumLabels() {
        TrialVerdict verdict = shadow.decide(new ClassificationOutcomes(300, 20, 25, 55), Duration.ofHours(1));

        assertThat(verdict.decision()).isEqualTo(TrialDecision.PROMOTE);
        assertThat(verdict.reason()).startsWith("promoted after 400 labelled requests");
    }

    @Test
    void shouldDropAChallengerThatIsSignificantlyWorseAtTheMinimumLabels() {
        TrialVerdict verdict = shadow.decide(new ClassificationOutcomes(300, 40, 15, 45), Duration.ofHours(1));

        assertThat(verdict.decision()).isEqualTo(TrialDecision.DROP);
        assertThat(verdict.test().pValue()).isLessThan(0.05);
    }

    @Test
    void shouldTimeOutAndKeepTheChampionWhenLabelsNeverCome() {
        TrialVerdict verdict = shadow.decide(ClassificationOutcomes.NONE, DAY);

        assertThat(verdict.decision()).isEqualTo(TrialDecision.TIMED_OUT);
        assertThat(verdict.reason()).contains("0 of 400").contains("champion stays");
    }

    @Test
    void shouldRollACanaryBackAtAnInterimLookOnlyWhenSignificantAtTheStricterLevel() {
        // 100 outcomes is the first look (400 / 4); 30 against 5 discordant: p far below 0.05 / 3.
        ClassificationOutcomes clearlyWorse = new ClassificationOutcomes(50, 30, 5, 15);

        assertThat(canary.decide(clearlyWorse, Duration.ofMinutes(5)).decision()).isEqualTo(TrialDecision.ROLLBACK);
        assertThat(shadow.decide(clearlyWorse, Duration.ofMinutes(5)).decision()).isEqualTo(TrialDecision.CONTINUE);
        // One outcome later is no look: the rule never tests the same trial again between looks.
        assertThat(canary.decide(clearlyWorse.plus(true, true), Duration.ofMinutes(5)).decision()).isEqualTo(TrialDecision.CONTINUE);
        // Significant at 0.05 but not at 0.05 / 3 (p about 0.03): no early exit.
        assertThat(canary.decide(new ClassificationOutcomes(50, 18, 8, 24), Duration.ofMinutes(5)).decision()).isEqualTo(TrialDecision.CONTINUE);
    }

    @Test
    void shouldLookAtAQuarterHalfAndThreeQuartersOfTheMinimumLabels() {
        assertThat(java.util.stream.LongStream.range(0, 400).filter(canary::isInterimLook).boxed().toList()).containsExactly(100L, 200L, 300L);
    }

    @Test
    void shouldRefuseImmediateAndSettingsThatCannotMakeATrial() {
        assertThatThrownBy(() -> new TrialRule(DeployStrategy.IMMEDIATE, 400, DAY, 0.05)).hasMessageContaining("shadow or canary");
        assertThatThrownBy(() -> new TrialRule(DeployStrategy.SHADOW, 3, DAY, 0.05)).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> new TrialRule(DeployStrategy.SHADOW, 400, Duration.ZERO, 0.05)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new TrialRule(DeployStrategy.SHADOW, 400, DAY, 0.5)).hasMessageContaining("(0, 0.5)");
    }
}
