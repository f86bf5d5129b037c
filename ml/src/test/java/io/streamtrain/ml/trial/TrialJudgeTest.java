package io.streamtrain.ml.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.ml.trial.TrialOutcomeJoin.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrialJudgeTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long CHAMPION = 3;
    private static final long CHALLENGER = 4;

    @Test
    void shouldHandOutTheVerdictOnceAtTheMinimumLabels() {
        TrialJudge judge = judge(DeployStrategy.SHADOW, 20);
        List<TrialVerdict> verdicts = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            // The challenger is right on every record, the champion on every other one.
            feed(judge, "r-" + i, i % 2 == 0 ? "stay" : "churn", "stay", "stay").ifPresent(verdicts::add);
        }

        assertThat(verdicts).singleElement().satisfies(verdict -> {
            assertThat(verdict.decision()).isEqualTo(TrialDecision.PROMOTE);
            assertThat(verdict.outcomes().outcomes()).isEqualTo(20);
        });
        assertThat(judge.tick(START.plus(Duration.ofDays(2)))).isEmpty();
        assertThat(judge.endEarly("alice", false, "")).isEmpty();
        assertThat(judge.decided()).contains(verdicts.get(0));
    }

    @Test
    void shouldRollACanaryBackAtTheFirstLookWhenTheChallengerIsAlwaysWrong() {
        TrialJudge judge = judge(DeployStrategy.CANARY, 40);
        List<TrialVerdict> verdicts = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            feed(judge, "r-" + i, "stay", "churn", "stay").ifPresent(verdicts::add);
        }

        // 10 discordant requests, all against the challenger: exact p = 2^-10, below 0.05 / 3 at the look at 10.
        assertThat(verdicts).singleElement().satisfies(verdict -> {
            assertThat(verdict.decision()).isEqualTo(TrialDecision.ROLLBACK);
            assertThat(verdict.outcomes().outcomes()).isEqualTo(10);
        });
    }

    @Test
    void shouldTimeOutWhenLabelsNeverCome() {
        TrialJudge judge = judge(DeployStrategy.SHADOW, 20);
        judge.prediction("r-1", CHAMPION, new Prediction("stay", null), START);

        assertThat(judge.tick(START.plus(Duration.ofHours(23)))).isEmpty();
        assertThat(judge.tick(START.plus(Duration.ofHours(24)))).hasValueSatisfying(verdict ->
                assertThat(verdict.decision()).isEqualTo(TrialDecision.TIMED_OUT));
    }

    @Test
    void shouldLetAnOperatorEndTheTrialOnceWithTheEvidenceSoFar() {
        TrialJudge judge = judge(DeployStrategy.CANARY, 400);
        feed(judge, "r-1", "stay", "stay", "stay");

        Optional<TrialVerdict> ended = judge.endEarly("alice", true, "seen enough");

        assertThat(ended).hasValueSatisfying(verdict -> {
            assertThat(verdict.decision()).isEqualTo(TrialDecision.PROMOTE);
            assertThat(verdict.outcomes().outcomes()).isEqualTo(1);
            assertThat(verdict.reason()).contains("alice").contains("promoted").endsWith("(seen enough)");
        });
        assertThat(judge.endEarly("bob", false, "")).isEmpty();
        assertThat(feed(judge, "r-2", "stay", "stay", "stay")).isEmpty();
    }

    private static TrialJudge judge(DeployStrategy strategy, long minLabels) {
        return new TrialJudge(new TrialRule(strategy, minLabels, Duration.ofDays(1), 0.05),
                new TrialOutcomeJoin(CHAMPION, CHALLENGER, false, 1000), START);
    }

    private static Optional<TrialVerdict> feed(TrialJudge judge, String id, String champion, String challenger, String label) {
        Instant now = START.plusSeconds(1);
        judge.prediction(id, CHAMPION, new Prediction(champion, null), now);
        judge.prediction(id, CHALLENGER, new Prediction(challenger, null), now);
        return judge.label(id, label, now);
    }
}
