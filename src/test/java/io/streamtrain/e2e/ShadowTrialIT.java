package io.streamtrain.e2e;

import static io.streamtrain.e2e.ShiftingChurnPipeline.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.predictions.PredictionSummary;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A shadow trial end to end on the embedded broker. Version 1 learns the first regime of {@link ShiftingChurnProcess},
 * version 2 the shifted one; version 2 beats version 1 on its own test split, so the gate passes it, and under
 * {@code deploy.strategy=shadow} it is put on trial instead of served. The scorer answers with version 1 and scores
 * every request with version 2 into the shadow-predictions topic; late labels on the records topic decide. Live
 * traffic of the shifted regime proves version 2 better, which is promoted after exactly {@code deploy.min.labels}
 * labelled requests; live traffic of the first regime proves it worse, which is dropped and version 1 keeps serving.
 * The dashboard, in a headless Chromium, shows the running trial and then the decision on the version's page.
 */
@Timeout(240)
class ShadowTrialIT {

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final int WINDOW = 600;
    private static final int MIN_LABELS = 100;
    private static final int CHUNK = 50;
    private static final int MAX_CHUNKS = 8;
    private static final String ADMIN_TOKEN = "trial-admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private ShiftingChurnPipeline pipeline;

    @BeforeEach
    void startPipeline() {
        Map<String, String> configuration = ShiftingChurnPipeline.configuration("shadow", WINDOW);
        // The shifted traffic must be judged by the trial, not answered by an early retrain.
        configuration.put("scorer.retrain.enabled", "false");
        configuration.put("deploy.strategy", "shadow");
        configuration.put("deploy.min.labels", String.valueOf(MIN_LABELS));
        configuration.put("deploy.progress.interval.ms", "200");
        configuration.put("scorer.admin.token", ADMIN_TOKEN);
        configuration.put("dashboard.refresh.ms", "500");
        pipeline = ShiftingChurnPipeline.start(configuration, EnumSet.allOf(ServiceKind.class), START);
    }

    @AfterEach
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldPromoteAChallengerBetterOnLiveLabelsAfterTheMinimumLabelCount(@TempDir Path profile) throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions());
             TopicReader shadows = reader(pipeline.topics().shadowPredictions());
             TopicReader history = reader(pipeline.topics().modelHistory())) {
            startTrial(events);
            ChromeDriver browser = SystemChromium.start(profile);
            try {
                pipeline.scoreThenLabel("live-0-", CHUNK, true, predictions);
                assertRunningTrialOnTheDashboard(browser);

                PipelineEvent decided = scoreUntilDecided(events, predictions, true, 1, MAX_CHUNKS - 1);

                assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE").containsEntry("strategy", "shadow")
                        .containsEntry("championVersion", "1").containsEntry("challengerVersion", "2")
                        .containsEntry("outcomes", String.valueOf(MIN_LABELS)).containsEntry("evicted", "0");
                assertThat(Double.parseDouble(decided.getAttributes().get("challengerScore")))
                        .isGreaterThan(Double.parseDouble(decided.getAttributes().get("championScore")) + 0.2);
                pipeline.awaitServed(2, Duration.ofSeconds(30));
                assertThat(historyStatus(history, 2)).isEqualTo(PromotionStatus.PROMOTED);
                assertDecisionDescribed(decided);
                assertDecisionOnTheVersionPage(browser);
                assertShadowedWhileOnTrial(predictions, shadows);
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void shouldDropAChallengerWorseOnLiveLabels() throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions());
             TopicReader shadows = reader(pipeline.topics().shadowPredictions());
             TopicReader history = reader(pipeline.topics().modelHistory())) {
            startTrial(events);

            PipelineEvent decided = scoreUntilDecided(events, predictions, false, 0, MAX_CHUNKS - 1);

            assertThat(decided.getAttributes()).containsEntry("decision", "DROP").containsEntry("challengerVersion", "2")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS));
            assertThat(Double.parseDouble(decided.getAttributes().get("pValue"))).isLessThan(0.05);
            await().atMost(Duration.ofSeconds(30)).until(() -> historyStatus(history, 2) == PromotionStatus.REJECTED);
            assertThat(pipeline.servedVersion()).isEqualTo(1);
            assertDecisionDescribed(decided);
            // After the decision the champion alone answers: requests scored now have no shadow prediction.
            int shadowed = shadows.poll().size();
            pipeline.scoreThenLabel("live-99-", CHUNK, false, predictions);
            assertThat(shadows.poll()).hasSize(shadowed);
            assertThat(predictions.poll()).extracting(r -> PredictionSummary.read(r.value()).modelVersion()).containsOnly(1L);
        }
    }

    @Test
    void shouldResumeATrialWithExactCountsAfterTheTrainerAndTheScorerRestart() throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions())) {
            startTrial(events);
            pipeline.scoreThenLabel("live-0-", CHUNK, true, predictions);
            // Half the labels are in; the trainer and the scorer go away and come back, rebuilding the trial from the topics.
            pipeline.run().runtime().stop(ServiceKind.SCORER);
            pipeline.run().runtime().stop(ServiceKind.TRAINER);
            pipeline.run().runtime().start(ServiceKind.TRAINER);
            pipeline.run().runtime().start(ServiceKind.SCORER);

            PipelineEvent decided = scoreUntilDecided(events, predictions, true, 1, 1);

            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS));
            assertThat(ofType(events, EventType.TRIAL_STARTED)).hasSize(1);
        }
    }

    @Test
    void shouldLetAnOperatorEndATrialEarlyOverRestWithTheEvidenceSoFar() throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions())) {
            startTrial(events);
            pipeline.scoreThenLabel("live-0-", CHUNK, true, predictions);

            HttpResponse<String> ended = pipeline.http().send(HttpRequest.newBuilder(pipeline.scorerUri("/models/2/trial/end"))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"promote\": true, \"reason\": \"enough seen\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(202);
            PipelineEvent decided = await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofType(events, EventType.TRIAL_DECIDED), list -> !list.isEmpty()).getFirst();
            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE").containsEntry("challengerVersion", "2")
                    .containsEntry("operatorReason", "enough seen").containsKey("operator");
            // Carried out once the evidence recorded when it was asked is read: every label of the chunk counts.
            assertThat(decided.getAttributes()).containsEntry("outcomes", String.valueOf(CHUNK));
            assertThat(decided.getAttributes().get("reason")).contains("ended early by rest@").endsWith("(enough seen)");
            pipeline.awaitServed(2, Duration.ofSeconds(30));
            JsonNode endedEarly = describe(2).path("trial").path("endedEarly");
            assertThat(endedEarly.path("operator").asText()).isEqualTo(decided.getAttributes().get("operator")).startsWith("rest@");
            assertThat(endedEarly.path("reason").asText()).isEqualTo("enough seen");
            assertThat(endedEarly.path("askedAt").asText()).isNotBlank();
        }
    }

    /** Version 1 serves; version 2 is announced as the challenger on trial against it and loaded beside it. */
    private void startTrial(TopicReader events) throws Exception {
        pipeline.startTrial(events);
        assertThat(ofType(events, EventType.TRIAL_STARTED).getFirst().getAttributes()).containsEntry("version", "2")
                .containsEntry("status", "TRIAL").containsEntry("championVersion", "1");
        assertThat(pipeline.servedVersion()).isEqualTo(1);
    }

    /** Scores chunks {@code firstChunk} to {@code lastChunk} of the given regime and labels them until the trial is decided. */
    private PipelineEvent scoreUntilDecided(TopicReader events, TopicReader predictions, boolean shifted, int firstChunk, int lastChunk) {
        for (int chunk = firstChunk; chunk <= lastChunk; chunk++) {
            pipeline.scoreThenLabel("live-" + chunk + "-", CHUNK, shifted, predictions);
            Optional<PipelineEvent> decided;
            try {
                decided = Optional.of(await().atMost(Duration.ofSeconds(10)).until(() -> ofType(events, EventType.TRIAL_DECIDED),
                        list -> !list.isEmpty()).getFirst());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                decided = Optional.empty();
            }
            if (decided.isPresent()) {
                assertThat((chunk + 1) * CHUNK).as("labels sent before the decision").isGreaterThanOrEqualTo(MIN_LABELS);
                assertThat(ofType(events, EventType.TRIAL_DECIDED)).hasSize(1);
                return decided.get();
            }
        }
        throw new AssertionError("no trial decision after " + (lastChunk + 1) * CHUNK + " labels");
    }

    /** The overview's trial panel: both versions, the strategy, the labels counted so far and both live scores. */
    private void assertRunningTrialOnTheDashboard(ChromeDriver browser) {
        browser.get(dashboard() + "index.html");
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250)).until(driver ->
                !driver.findElements(By.cssSelector("section.trial[data-challenger='2'][data-outcomes='" + CHUNK + "']")).isEmpty());
        String panel = browser.findElement(By.cssSelector("section.trial")).getText();
        assertThat(panel).contains("v2 against the champion v1").contains("shadow").contains(CHUNK + " of " + MIN_LABELS + " labelled requests")
                .contains("times out in").contains("live accuracy");
        assertThat(browser.findElement(By.cssSelector("section.trial .trial-champion-score")).getText()).matches("0\\.\\d{4}");
        assertThat(browser.findElement(By.cssSelector("section.trial .trial-challenger-score")).getText()).matches("[01]\\.\\d{4}");
    }

    /** The version page of the promoted challenger shows how the trial decided it. */
    private void assertDecisionOnTheVersionPage(ChromeDriver browser) {
        browser.get(dashboard() + "version.html?v=2");
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250)).until(driver ->
                !driver.findElements(By.id("trial-decision")).isEmpty());
        assertThat(browser.findElement(By.id("trial-decision")).getText()).startsWith("PROMOTE shadow trial against v1")
                .contains("on " + MIN_LABELS + " labelled requests");
        assertThat(browser.findElement(By.cssSelector("table.trial-sides")).getText()).contains("live accuracy");
        assertThat(browser.findElements(By.id("trial-operator"))).isEmpty();
        browser.get(dashboard() + "index.html");
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250)).until(driver ->
                !driver.findElements(By.cssSelector("#current-version")).isEmpty()
                        && driver.findElements(By.cssSelector("section.trial")).isEmpty());
    }

    /** {@code GET .../models/2} carries the decision with the same evidence as the event. */
    private void assertDecisionDescribed(PipelineEvent decided) throws Exception {
        JsonNode trial = describe(2).path("trial");
        Map<String, String> event = decided.getAttributes();
        assertThat(trial.path("decision").asText()).isEqualTo(event.get("decision"));
        assertThat(trial.path("strategy").asText()).isEqualTo("shadow");
        assertThat(trial.path("outcomes").asLong()).isEqualTo(Long.parseLong(event.get("outcomes")));
        assertThat(trial.path("championScore").asDouble()).isEqualTo(Double.parseDouble(event.get("championScore")));
        assertThat(trial.path("challengerScore").asDouble()).isEqualTo(Double.parseDouble(event.get("challengerScore")));
        assertThat(trial.path("championOnlyRight").asLong()).isEqualTo(Long.parseLong(event.get("championOnlyRight")));
        assertThat(trial.path("challengerOnlyRight").asLong()).isEqualTo(Long.parseLong(event.get("challengerOnlyRight")));
        assertThat(trial.path("statistic").asDouble()).isEqualTo(Double.parseDouble(event.get("statistic")));
        assertThat(trial.path("pValue").asDouble()).isEqualTo(Double.parseDouble(event.get("pValue")));
        assertThat(trial.has("endedEarly")).isFalse();
    }

    /** Every record answered by version 1 before the decision was also scored by version 2 into the shadow predictions. */
    private static void assertShadowedWhileOnTrial(TopicReader predictions, TopicReader shadows) {
        List<PredictionSummary> answered = summaries(predictions.poll());
        List<PredictionSummary> shadowed = summaries(shadows.poll());
        assertThat(shadowed).isNotEmpty().extracting(PredictionSummary::modelVersion).containsOnly(2L);
        assertThat(shadowed).extracting(PredictionSummary::recordId).containsExactlyInAnyOrderElementsOf(
                answered.stream().filter(p -> p.modelVersion() == 1).map(PredictionSummary::recordId).toList());
    }

    private static List<PredictionSummary> summaries(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> PredictionSummary.read(r.value())).toList();
    }

    private PromotionStatus historyStatus(TopicReader history, long version) {
        return history.poll().stream().filter(r -> r.key().equals(new ModelHistoryKey("shadow", version).toString())).map(r -> ENVELOPES.decode(r.value()))
                .reduce((first, second) -> second).map(e -> e.getPromotion().getStatus()).orElse(null);
    }

    private JsonNode describe(long version) throws Exception {
        HttpResponse<byte[]> response = pipeline.http().send(HttpRequest.newBuilder(pipeline.scorerUri("/models/" + version))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String dashboard() {
        return "http://127.0.0.1:" + pipeline.run().runtime().dashboardPort().orElseThrow() + "/";
    }

    private TopicReader reader(String topic) {
        return new TopicReader(pipeline.run().clientProperties(), topic);
    }
}
