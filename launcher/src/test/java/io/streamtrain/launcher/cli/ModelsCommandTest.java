package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.TrialResult;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsCommandTest {

    @Test
    void shouldShowATrialsDecisionWithBothLiveScoresTheTestAndWhoEndedItEarly() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        TrialResult trial = TrialResult.newBuilder().setStrategy("shadow").setDecision("PROMOTE").setStartedAt(start)
                .setDecidedAt(start.plusSeconds(90)).setOutcomes(50).setScoreName("accuracy").setChampionScore(0.6)
                .setChallengerScore(0.9).setChampionOnlyRight(2L).setChallengerOnlyRight(17L).setTest("mcnemar-exact")
                .setStatistic(2).setPValue(0.9996).setOperator("cli:alice").setOperatorReason("seen enough")
                .setOperatorAskedAt(start.plusSeconds(80)).build();

        assertThat(ModelsCommand.trial(trial)).isEqualTo("shadow PROMOTE after 50 labelled requests (2030-01-01T00:00:00Z to "
                + "2030-01-01T00:01:30Z); live accuracy champion 0.6000, challenger 0.9000; only champion right 2, only challenger "
                + "right 17; mcnemar-exact statistic 2.000, p-value 0.9996; ended early by cli:alice at 2030-01-01T00:01:20Z: seen enough");
    }

    @Test
    void shouldShowEveryWindowAModelLearnedFrom() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        HorizonFacts facts = new HorizonFacts(120L, 100L, "uniform", "newest-window", false, List.of(
                new LineageWindow("b1", start, start.plusSeconds(60), 0, 10L, 14L, List.of(), 60L, 40L),
                new LineageWindow("b2", start.plusSeconds(60), start.plusSeconds(120), 0, 15L, 19L, List.of(), 60L, 60L)));

        String shown = ModelsCommand.horizon(facts);

        assertThat(shown).startsWith("2 windows, 100 of 120 rows used (sampling uniform, evaluation newest-window, not refit)");
        assertThat(shown).contains("b1 2030-01-01T00:00:00Z..2030-01-01T00:01:00Z, batches 0@10-14, 40 of 60 rows");
        assertThat(shown).contains("b2 ", "batches 0@15-19, 60 of 60 rows");
        assertThat(ModelsCommand.horizon(null)).contains("before training horizons");
    }

    @Test
    void shouldSayWhetherTheModelsWindowWasCompleteOrWhichInputPartitionsItLacked() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        Lineage lineage = Lineage.newBuilder().setBatchId("p-1").setSourceTopic("p.records").setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60)).setRecordCount(10).setTrainCount(8).setTestCount(2)
                .setSourceRanges(List.of()).build();

        assertThat(ModelsCommand.completeness(lineage)).isEqualTo("complete");
        lineage.setMissingInputPartitions(List.of(1, 3));
        assertThat(ModelsCommand.completeness(lineage))
                .isEqualTo("incomplete: assembled on trainer.window.assembly.timeout.ms without input partitions [1, 3]");
    }

    @Test
    void shouldShowARegressionModelsResiduals() {
        ResidualSummary residuals = new ResidualSummary(200L, 0.25, 1.5, List.of(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0),
                List.of(-4.0, -2.5, -1.0, 0.2, 1.25, 2.75, 6.0), List.of(-4.0, 1.0, 6.0), List.of(120L, 80L));

        String shown = ModelsCommand.residuals(residuals);

        assertThat(shown).startsWith("label - prediction on 200 test rows: mean=0.2500 sd=1.500 min=-4.000 p5=-2.500 p25=-1.000 "
                + "median=0.2000 p75=1.250 p95=2.750 max=6.000");
        assertThat(shown).contains("histogram from -4.000 to 6.000: 120 80");
        assertThat(ModelsCommand.residuals(null)).isEqualTo("(published before residual summaries)");
    }

    @Test
    void shouldShowHowATuningSearchChoseWithEveryCandidatesScore() {
        TuningReport tuning = new TuningReport("grid", "accuracy", true, 322L, 322L, 5, 8_000L, 1_234L, false, 1, List.of(
                new TuningCandidate(Map.of("lambda", "1.0"), 0.88, "scored"),
                new TuningCandidate(Map.of("lambda", "10.0"), 0.9025, "scored"),
                new TuningCandidate(Map.of("lambda", "100.0"), null, "not run (budget)")));

        String[] lines = ModelsCommand.tuning(tuning).split(System.lineSeparator());

        assertThat(lines[0]).isEqualTo("grid search by accuracy (mean of 5 folds of 322 train rows), 3 candidates in 1,234 of 8,000 ms");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).endsWith("  accuracy=0.8800 {lambda=1.0} scored");
        assertThat(lines[2]).endsWith("* accuracy=0.9025 {lambda=10.0} scored");
        assertThat(lines[3]).endsWith("  accuracy=none {lambda=100.0} not run (budget)");
    }

    @Test
    void shouldSayFromWhichVersionToWhichARollbackWent() {
        assertThat(ModelsCommand.rollbackAnswer(OptionalLong.of(5), 3)).isEqualTo("rolled back from version 5 to version 3, now the current model");
        assertThat(ModelsCommand.rollbackAnswer(OptionalLong.empty(), 3)).isEqualTo("version 3 is now the current model (there was none)");
    }

    @Test
    void shouldTakeExactlyOneDecisionToEndATrial() {
        ModelsCommand.EndTrial promote = new ModelsCommand.EndTrial();
        CommandLines.configure(new CommandLine(promote)).parseArgs("2", "--promote", "--reason", "enough seen");

        assertThat(promote.version).isEqualTo(2);
        assertThat(promote.decision.promote).isTrue();
        assertThatThrownBy(() -> CommandLines.configure(new CommandLine(new ModelsCommand.EndTrial())).parseArgs("2", "--promote", "--drop"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> CommandLines.configure(new CommandLine(new ModelsCommand.EndTrial())).parseArgs("2"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }
}
