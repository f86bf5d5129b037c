package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.testing.Batches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Training on a horizon of several windows: where the test rows come from, and the refit. */
class HorizonTrainingTest {

    private final BatchTrainer trainer = new BatchTrainer(Clock.fixed(Instant.parse("2025-01-01T00:02:00Z"), ZoneOffset.UTC));
    /** The earlier windows' rows (ids {@code old-...}) and the newest window's (ids {@code r-...}). */
    private final List<CleanRecord> earlier = Batches.separableBinary(600, 3).stream()
            .map(r -> CleanRecord.newBuilder(r).setRecordId("old-" + r.getRecordId()).build()).toList();
    private final List<CleanRecord> newest = Batches.separableBinary(200, 9);

    @Test
    void shouldTestOnTheNewestWindowOnlyAndTrainOnEveryEarlierRowByDefault() {
        TrainingRequest request = request(policy(Evaluation.NEWEST_WINDOW, false));

        TrainTestSplit split = EvaluationSplit.of(request, r -> r.getLabel() != null, r -> r.getLabel().toString());

        Set<String> testIds = split.test().stream().map(CleanRecord::getRecordId).collect(Collectors.toSet());
        assertThat(testIds).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("r-"));
        assertThat(split.test()).containsExactlyElementsOf(TrainTestSplit.byRecordId(newest, 0.2).test());
        assertThat(split.train()).hasSize(600 + 200 - split.test().size()).containsAll(earlier);
    }

    @Test
    void shouldSplitEveryWindowAlikeWhenAskedTo() {
        TrainingRequest request = request(policy(Evaluation.EVERY_WINDOW, false));

        TrainTestSplit split = EvaluationSplit.of(request, r -> r.getLabel() != null, r -> r.getLabel().toString());

        assertThat(split.test()).anySatisfy(r -> assertThat(r.getRecordId()).startsWith("old-"));
        assertThat(split.test()).anySatisfy(r -> assertThat(r.getRecordId()).startsWith("r-"));
    }

    @Test
    void shouldTrainOnEarlierRowsAndRecordTheHorizonInTheLineage() {
        ModelEnvelope envelope = trained(request(policy(Evaluation.NEWEST_WINDOW, false)));

        assertThat(envelope.getLineage().getRecordCount()).isEqualTo(800);
        assertThat(envelope.getLineage().getTrainCount() + envelope.getLineage().getTestCount()).isEqualTo(800);
        assertThat(envelope.getLineage().getTestCount()).isLessThan(200);
        HorizonFacts facts = envelope.getLineage().getHorizon();
        assertThat(facts.getRowsAvailable()).isEqualTo(1_000);
        assertThat(facts.getRowsUsed()).isEqualTo(800);
        assertThat(facts.getSampling()).isEqualTo("uniform");
        assertThat(facts.getEvaluation()).isEqualTo("newest-window");
        assertThat(facts.getRefit()).isFalse();
        assertThat(facts.getWindows()).extracting(LineageWindow::getBatchId).containsExactly("earlier", "newest");
    }

    @Test
    void shouldPublishARefitModelWithTheEvaluatedFitsMetrics() {
        ModelEnvelope evaluated = trained(request(policy(Evaluation.NEWEST_WINDOW, false)));
        ModelEnvelope refit = trained(request(policy(Evaluation.NEWEST_WINDOW, true)));

        assertThat(refit.getLineage().getHorizon().getRefit()).isTrue();
        assertThat(refit.getMetrics()).isEqualTo(evaluated.getMetrics());
        assertThat(refit.getConfusionMatrix()).isEqualTo(evaluated.getConfusionMatrix());
        assertThat(refit.getLineage().getTestCount()).isEqualTo(evaluated.getLineage().getTestCount());
        assertThat(refit.getModelSha256()).isNotEqualTo(evaluated.getModelSha256());
        // The preprocessing was fit again with the test rows: its statistics moved.
        assertThat(refit.getPreprocessing()).isNotEqualTo(evaluated.getPreprocessing());
        assertThat(trained(request(policy(Evaluation.NEWEST_WINDOW, true))).getModelSha256()).isEqualTo(refit.getModelSha256());
    }

    @Test
    void shouldTrainExactlyAsBeforeHorizonsWhenTheHorizonIsTheWindowAlone() {
        ModelEnvelope alone = trained(Batches.request(newest));
        TrainingRequest single = Batches.request(newest);
        TrainingRequest wrapped = new TrainingRequest(single.pipeline(), single.version(), single.spec(), single.settings(),
                single.batchId(), single.source(), single.records(), new HorizonRows(List.of(), List.of(window("newest", 200, 200)),
                200, TrainingHorizon.SINGLE_WINDOW), WarmStart.none());

        ModelEnvelope inHorizon = trained(wrapped);

        assertThat(inHorizon.getModelSha256()).isEqualTo(alone.getModelSha256());
        assertThat(inHorizon.getMetrics()).isEqualTo(alone.getMetrics());
        assertThat(alone.getLineage().getHorizon()).isNull();
        assertThat(inHorizon.getLineage().getHorizon().getWindows()).hasSize(1);
    }

    private ModelEnvelope trained(TrainingRequest request) {
        TrainingOutcome outcome = trainer.train(request);
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ((TrainingOutcome.Trained) outcome).envelope();
    }

    private TrainingRequest request(TrainingHorizon policy) {
        TrainingRequest single = Batches.request(newest);
        // 400 of the earlier window's rows were sampled out: 1,000 available, 800 used.
        HorizonRows horizon = new HorizonRows(earlier, List.of(window("earlier", 1_000 - 200, 600), window("newest", 200, 200)),
                1_000, policy);
        return new TrainingRequest(single.pipeline(), single.version(), single.spec(), single.settings(), single.batchId(),
                single.source(), single.records(), horizon, WarmStart.none());
    }

    private static TrainingHorizon policy(Evaluation evaluation, boolean refit) {
        return new TrainingHorizon(3, Duration.ZERO, 800, HorizonSampling.UNIFORM, evaluation, refit);
    }

    private static LineageWindow window(String batchId, long rows, long used) {
        return new LineageWindow(batchId, Batches.WINDOW_START, Batches.WINDOW_START.plusSeconds(60), 0, 0L, 1L, List.of(), rows, used);
    }
}
