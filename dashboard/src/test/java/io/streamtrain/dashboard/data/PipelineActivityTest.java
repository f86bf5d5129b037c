package io.streamtrain.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.Task;
import io.streamtrain.schemas.testing.TestEnvelopes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineActivityTest {

    private final PipelineActivity activity = new PipelineActivity("p", 3);

    @Test
    void shouldCountWindowsAndTrackTrainingUntilTheBatchIsPublished() {
        activity.onEvent(event("WINDOW_CLOSED", "streams-app", Map.of("batchId", "b1")));
        assertThat(activity.overview().trainingStatus()).isEqualTo("training (1 window waiting)");

        activity.onEvent(event("MODEL_PUBLISHED", "trainer", Map.of("batchId", "b1", "version", "4")));

        PipelineOverview overview = activity.overview();
        assertThat(overview.windowsClosed()).isEqualTo(1);
        assertThat(overview.modelsPublished()).isEqualTo(1);
        assertThat(overview.latestPublished()).isEqualTo(4);
        assertThat(overview.trainingStatus()).isEqualTo("idle");
    }

    @Test
    void shouldShowTheRunningTrialAsLastReportedUntilItIsDecided() {
        Map<String, String> progress = new java.util.HashMap<>(Map.of("strategy", "canary", "canaryShare", "0.2", "championVersion", "1",
                "challengerVersion", "2", "outcomes", "40", "minLabels", "100", "championScore", "0.6", "challengerScore", "0.85",
                "championOnlyRight", "3", "challengerOnlyRight", "13"));
        progress.putAll(Map.of("pValue", "0.99", "startedAt", "1000", "endsBy", "86401000"));
        activity.onEvent(event("TRIAL_PROGRESS", "trainer", progress));

        assertThat(activity.overview().trial()).isEqualTo(new RunningTrial(1, 2, "canary", 0.2, 40, 100, 0.6, 0.85, 3L, 13L, 0.99,
                1000, 86_401_000, activity.recentEvents().getLast().time()));

        activity.onEvent(event("TRIAL_PROGRESS", "trainer", Map.of("strategy", "canary")));
        assertThat(activity.overview().trial().outcomes()).as("a malformed report leaves the last one").isEqualTo(40);
        activity.onEvent(event("TRIAL_DECIDED", "trainer", Map.of("challengerVersion", "2", "decision", "PROMOTE")));
        assertThat(activity.overview().trial()).isNull();
    }

    @Test
    void shouldKeepTheVersionEachScorerInstanceServes() {
        activity.onEvent(event("MODEL_LOADED", "scorer-a", Map.of("instance", "a", "version", "1")));
        activity.onEvent(event("MODEL_LOADED", "scorer-b", Map.of("instance", "b", "version", "1")));
        activity.onEvent(event("MODEL_LOADED", "scorer-a", Map.of("instance", "a", "version", "2")));

        assertThat(activity.overview().servedByInstance()).containsOnly(Map.entry("a", 2L), Map.entry("b", 1L));
    }

    @Test
    void shouldKeepTheRatesOfEverySampleForTheChart() {
        activity.onTotals(new TopicTotals(1_000, 10, 50, Map.of(), 10_000));
        assertThat(activity.rates()).isEmpty();

        activity.onTotals(new TopicTotals(3_000, 12, 250, Map.of(), 12_000));
        activity.onTotals(new TopicTotals(4_000, 12, 350, Map.of(), 14_000));

        assertThat(activity.rates()).containsExactly(new RatePoint(12_000, 1_000.0, 100.0, 1.0),
                new RatePoint(14_000, 500.0, 50.0, 0.0));
    }

    @Test
    void shouldComputeRatesBetweenTheLastTwoSamples() {
        activity.onTotals(new TopicTotals(1_000, 10, 50, Map.of("g", 7L), 10_000));
        activity.onTotals(new TopicTotals(3_000, 12, 250, Map.of("g", 3L), 12_000));

        PipelineOverview overview = activity.overview();
        assertThat(overview.recordsIn()).isEqualTo(3_000);
        assertThat(overview.recordsPerSecond()).isEqualTo(1_000.0);
        assertThat(overview.predictionsPerSecond()).isEqualTo(100.0);
        assertThat(overview.deadLettered()).isEqualTo(12);
        assertThat(overview.consumerLag()).containsOnly(Map.entry("g", 3L));
    }

    @Test
    void shouldReportNoRateFromASingleSample() {
        activity.onTotals(new TopicTotals(1_000, 0, 0, Map.of(), 10_000));

        assertThat(activity.overview().recordsPerSecond()).isZero();
    }

    @Test
    void shouldKeepOnlyTheMostRecentEventsAndPassEveryOneToListeners() {
        List<String> heard = new ArrayList<>();
        activity.addListener(event -> heard.add(event.message()));
        for (int i = 1; i <= 5; i++) {
            activity.onEvent(event("WINDOW_CLOSED", "streams-app", Map.of("batchId", "b" + i)));
        }

        assertThat(activity.recentEvents()).extracting(EventView::attributes)
                .extracting(attributes -> attributes.get("batchId")).containsExactly("b3", "b4", "b5");
        assertThat(heard).hasSize(5);
    }

    @Test
    void shouldSurviveAFailingListener() {
        activity.addListener(event -> {
            throw new IllegalStateException("page went away");
        });

        activity.onEvent(event("WINDOW_CLOSED", "streams-app", Map.of("batchId", "b1")));

        assertThat(activity.overview().windowsClosed()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAnUnreadableVersionAttribute() {
        activity.onEvent(event("MODEL_LOADED", "scorer-a", Map.of("instance", "a", "version", "unknown")));

        assertThat(activity.overview().servedByInstance()).isEmpty();
    }

    @Test
    void shouldMarkTheChampionRejectedAndRolledBackVersions() {
        for (long version = 1; version <= 4; version++) {
            activity.onHistory(envelope(version), "key-1");
        }
        activity.onEvent(event("MODEL_REJECTED", "trainer", Map.of("version", "3")));
        activity.onChampion(2);

        assertThat(activity.versions()).extracting(ModelVersionRow::version, ModelVersionRow::status).containsExactly(
                tuple(1L, "superseded"), tuple(2L, "champion"), tuple(3L, "rejected"), tuple(4L, "rolled back"));
        assertThat(activity.overview().currentVersion()).isEqualTo(2);
        assertThat(activity.overview().latestPublished()).isEqualTo(4);
    }

    @Test
    void shouldShowThePinnedChampionAndTheVersionsRecordedWithoutPromotion() {
        activity.onHistory(envelope(1), "key-1");
        activity.onHistory(envelope(2, PromotionStatus.HELD), "key-1");
        activity.onHistory(envelope(3, PromotionStatus.BACKFILL), "key-1");
        activity.onHistory(envelope(4, PromotionStatus.REJECTED), "key-1");
        activity.onChampion(1);
        activity.onPin(1);

        assertThat(activity.versions()).extracting(ModelVersionRow::version, ModelVersionRow::status).containsExactly(
                tuple(1L, "pinned"), tuple(2L, "held"), tuple(3L, "backfill"), tuple(4L, "rejected"));

        activity.onChampion(3);

        assertThat(activity.versions()).extracting(ModelVersionRow::status).containsExactly("pinned", "held", "champion", "rejected");

        activity.onPin(0);

        assertThat(activity.versions()).extracting(ModelVersionRow::status).containsExactly("superseded", "held", "champion", "rejected");
    }

    @Test
    void shouldCountABackfillModelAsTheEndOfItsWindowsTraining() {
        activity.onEvent(event("WINDOW_CLOSED", "backfill", Map.of("batchId", "p-backfill-x-0-0")));
        activity.onEvent(event("MODEL_BACKFILLED", "trainer", Map.of("batchId", "p-backfill-x-0-0", "version", "5")));

        assertThat(activity.overview().trainingStatus()).isEqualTo("idle");
    }

    @Test
    void shouldCarryTheEnvelopesMetricsWindowAndCounts() {
        activity.onHistory(envelope(7), "key-1");

        ModelVersionRow row = activity.versions().getFirst();
        assertThat(row.metrics()).containsEntry("auc", 0.9);
        assertThat(row.windowStart()).isEqualTo(60_000);
        assertThat(row.windowEnd()).isEqualTo(120_000);
        assertThat(row.records()).isEqualTo(100);
        assertThat(row.trainRecords()).isEqualTo(80);
        assertThat(row.trainingMillis()).isEqualTo(12);
        assertThat(row.horizon()).isEqualTo(new ModelVersionRow.Horizon(1, "b7", 60_000, 100, 100, "none", false));
    }

    @Test
    void shouldCarryTheWindowsOfTheModelsHorizon() {
        ModelEnvelope envelope = envelope(8);
        LineageWindow older = LineageWindow.newBuilder().setBatchId("b6").setWindowStart(Instant.ofEpochMilli(0))
                .setWindowEnd(Instant.ofEpochMilli(60_000)).setBatchesPartition(0).setFirstOffset(0).setManifestOffset(3)
                .setSourceRanges(List.of()).setRows(90).setRowsUsed(50).build();
        LineageWindow newest = LineageWindow.newBuilder(older).setBatchId("b8").setWindowStart(Instant.ofEpochMilli(60_000))
                .setWindowEnd(Instant.ofEpochMilli(120_000)).setFirstOffset(4).setManifestOffset(7).setRows(100).setRowsUsed(100).build();
        envelope.getLineage().setHorizon(HorizonFacts.newBuilder().setRowsAvailable(190).setRowsUsed(150).setSampling("uniform")
                .setEvaluation("newest-window").setRefit(true).setWindows(List.of(older, newest)).build());
        activity.onHistory(envelope, "key-1");

        assertThat(activity.versions().getFirst().horizon())
                .isEqualTo(new ModelVersionRow.Horizon(2, "b6", 0, 190, 150, "uniform", true));
    }

    @Test
    void shouldCarryARegressionVersionsResidualSummaryToItsPage() {
        ModelEnvelope envelope = envelope(4);
        envelope.setTask(Task.REGRESSION);
        envelope.setResiduals(new ResidualSummary(20L, 0.5, 2.0, List.of(0.0, 0.5, 1.0), List.of(-3.0, 0.4, 5.0),
                List.of(-3.0, 1.0, 5.0), List.of(12L, 8L)));
        activity.onHistory(envelope, "key-1");

        Map<String, Object> page = activity.version(4).orElseThrow().envelope();

        assertThat(page.get("residuals")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("count", 20L).containsEntry("mean", 0.5).containsEntry("quantiles", List.of(-3.0, 0.4, 5.0))
                .containsEntry("histogramCounts", List.of(12L, 8L));
        assertThat(activity.version(4).map(v -> v.envelope().get("task"))).contains("REGRESSION");
    }

    @Test
    void shouldDescribeAVersionForItsPageWithoutItsModelBytes() {
        ModelEnvelope envelope = envelope(9);
        envelope.setModelBytes(ByteBuffer.wrap(new byte[4_096]));
        envelope.setHyperparameters(Map.of("lambda", "0.1"));
        envelope.setConfusionMatrix(List.of(List.of(40L, 2L), List.of(5L, 30L)));
        activity.onHistory(envelope, "key-1");
        activity.onChampion(9);

        ModelVersionDetail detail = activity.version(9).orElseThrow();

        assertThat(detail.status()).isEqualTo("champion");
        assertThat(detail.signingKey()).isEqualTo("key-1");
        assertThat(detail.envelope()).containsEntry("modelBytes", 4_096).containsEntry("hyperparameters", Map.of("lambda", "0.1"))
                .containsEntry("confusionMatrix", List.of(List.of(40L, 2L), List.of(5L, 30L))).containsEntry("tuning", null)
                .containsEntry("task", "CLASSIFICATION").containsEntry("createdAt", 130_000L);
        assertThat(detail.envelope().get("lineage")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("batchId", "b9").containsEntry("windowStart", 60_000L);
        assertThat(detail.envelope().get("promotion")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "PROMOTED").containsEntry("reason", "test");
        assertThat(activity.version(10)).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheNewestVersionsSoALongRunDoesNotGrowWithoutBound() {
        for (long version = 1; version <= PipelineActivity.VERSIONS_KEPT + 5; version++) {
            activity.onHistory(envelope(version), "key-1");
        }

        List<ModelVersionRow> versions = activity.versions();

        assertThat(versions).hasSize(PipelineActivity.VERSIONS_KEPT);
        assertThat(versions.getFirst().version()).isEqualTo(6L);
        assertThat(versions.getLast().version()).isEqualTo(PipelineActivity.VERSIONS_KEPT + 5L);
        assertThat(activity.version(5)).isEmpty();
        assertThat(activity.version(6)).isPresent();
    }

    private static ModelEnvelope envelope(long version) {
        return TestEnvelopes.envelope(version, PromotionStatus.PROMOTED);
    }

    private static ModelEnvelope envelope(long version, PromotionStatus status) {
        return TestEnvelopes.envelope(version, status);
    }

    private static EventView event(String type, String source, Map<String, String> attributes) {
        return new EventView(type, source, 1_000, type + " " + attributes, attributes);
    }
}
