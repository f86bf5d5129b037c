package io.streamtrain.e2e;

import static io.streamtrain.e2e.ShiftingChurnPipeline.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.predictions.PredictionSummary;
import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.TrialResult;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer, which decides trials, killed (SIGKILL) in the middle of a shadow trial after it counted half the labels
 * it needs: the trainer runs in a child JVM (no shutdown hook, no finished transaction, no group left), its restart in
 * this JVM, as a supervisor would restart it. The restarted trainer rebuilds the trial from the topics; the labels
 * counted before the kill are neither lost nor counted twice, the decision comes at exactly {@code deploy.min.labels}
 * with the contingency the topics hold, once, with one decision record in the model history. Likewise a scorer killed
 * while it scores the trial's requests.
 */
@Timeout(300)
class TrialCrashIT {

    private static final Instant START = Instant.parse("2026-03-09T00:00:00Z");
    private static final int WINDOW = 600;
    private static final int MIN_LABELS = 100;
    private static final int HALF = MIN_LABELS / 2;
    private static final String ADMIN_TOKEN = "crash-admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    @TempDir
    private Path directory;

    private ShiftingChurnPipeline pipeline;
    private ChildJvm trainer;

    @BeforeEach
    void startPipeline() {
        Map<String, String> configuration = ShiftingChurnPipeline.configuration("crashtrial", WINDOW);
        configuration.put("scorer.retrain.enabled", "false");
        configuration.put("scorer.admin.token", ADMIN_TOKEN);
        configuration.put("deploy.strategy", "shadow");
        configuration.put("deploy.min.labels", String.valueOf(MIN_LABELS));
        configuration.put("deploy.progress.interval.ms", "200");
        // A killed trainer leaves its group only when its session times out: keep that at the broker's minimum.
        configuration.put("kafka.session.timeout.ms", "6000");
        configuration.put("kafka.heartbeat.interval.ms", "1000");
        pipeline = ShiftingChurnPipeline.start(configuration, EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.SCORER), START);
        trainer = ServiceProcess.run("trainer", pipeline.configurationFile(directory), directory.resolve("trainer.log"), Map.of());
    }

    @AfterEach
    void stopPipeline() {
        if (trainer != null) {
            trainer.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldDecideOnceWithExactCountsWhenTheTrainerIsKilledMidTrial() throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions());
             TopicReader shadows = reader(pipeline.topics().shadowPredictions());
             TopicReader history = reader(pipeline.topics().modelHistory())) {
            List<DemoRecord> labelled = new ArrayList<>(killTrainerAfterHalfTheLabels(events, predictions));

            pipeline.run().runtime().start(ServiceKind.TRAINER);
            int reportsBefore = ofType(events, EventType.TRIAL_PROGRESS).size();
            // The restarted trainer reads the trial's evidence again: the labels of before the kill, each once.
            await().atMost(Duration.ofSeconds(60)).until(() -> ofType(events, EventType.TRIAL_PROGRESS).stream().skip(reportsBefore)
                    .anyMatch(progress -> outcomes(progress) == HALF));
            assertThat(ofType(events, EventType.TRIAL_PROGRESS)).allSatisfy(progress -> assertThat(outcomes(progress)).isLessThanOrEqualTo(HALF));
            assertThat(ofType(events, EventType.TRIAL_DECIDED)).isEmpty();
            labelled.addAll(pipeline.scoreThenLabel("live-1-", HALF, true, predictions));

            PipelineEvent decided = await().atMost(Duration.ofSeconds(60))
                    .until(() -> ofType(events, EventType.TRIAL_DECIDED), list -> !list.isEmpty()).getFirst();

            Map<String, Long> expected = contingency(labelled, predictions, shadows);
            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE").containsEntry("challengerVersion", "2")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS))
                    .containsEntry("championOnlyRight", String.valueOf(expected.get("championOnlyRight")))
                    .containsEntry("challengerOnlyRight", String.valueOf(expected.get("challengerOnlyRight")))
                    .containsEntry("evicted", "0").containsEntry("unreadable", "0");
            pipeline.awaitServed(2, Duration.ofSeconds(30));
            assertThat(ofType(events, EventType.TRIAL_DECIDED)).hasSize(1);
            List<ModelEnvelope> version2 = versionInHistory(history, 2);
            assertThat(version2).extracting(e -> e.getPromotion().getStatus()).containsExactly(PromotionStatus.TRIAL, PromotionStatus.PROMOTED);
            TrialResult trial = version2.getLast().getPromotion().getTrial();
            assertThat(trial.getOutcomes()).isEqualTo(MIN_LABELS);
            assertThat(trial.getChampionOnlyRight()).isEqualTo(expected.get("championOnlyRight"));
            assertThat(trial.getChallengerOnlyRight()).isEqualTo(expected.get("challengerOnlyRight"));
            assertThat(trial.getOperator()).isNull();
        }
    }

    @Test
    void shouldCarryOutAnEarlyEndAskedWhileTheTrainerWasDownWithTheEvidenceRecordedBefore() throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions());
             TopicReader shadows = reader(pipeline.topics().shadowPredictions());
             TopicReader history = reader(pipeline.topics().modelHistory())) {
            List<DemoRecord> labelled = killTrainerAfterHalfTheLabels(events, predictions);
            Path configuration = pipeline.configurationFile(directory);

            String asked = Cli.run("models", "trial-end", "2", "--promote", "--reason", "seen enough", "--operator", "cli:alice",
                    "--config", configuration.toString(), "--pipeline", pipeline.name(), "-b", pipeline.bootstrapServers());
            pipeline.run().runtime().start(ServiceKind.TRAINER);

            assertThat(asked).contains("version 2");
            PipelineEvent decided = await().atMost(Duration.ofSeconds(60))
                    .until(() -> ofType(events, EventType.TRIAL_DECIDED), list -> !list.isEmpty()).getFirst();
            Map<String, Long> expected = contingency(labelled, predictions, shadows);
            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE").containsEntry("operator", "cli:alice")
                    .containsEntry("operatorReason", "seen enough").containsEntry("outcomes", String.valueOf(HALF))
                    .containsEntry("championOnlyRight", String.valueOf(expected.get("championOnlyRight")))
                    .containsEntry("challengerOnlyRight", String.valueOf(expected.get("challengerOnlyRight")));
            pipeline.awaitServed(2, Duration.ofSeconds(30));

            // Audited where operators look: the model history, 'models show' and the REST description.
            TrialResult trial = versionInHistory(history, 2).getLast().getPromotion().getTrial();
            assertThat(trial.getOperator()).isEqualTo("cli:alice");
            assertThat(trial.getOperatorReason()).isEqualTo("seen enough");
            assertThat(trial.getOperatorAskedAt()).isNotNull().isBefore(trial.getDecidedAt());
            assertThat(trial.getOutcomes()).isEqualTo(HALF);
            String shown = Cli.run("models", "show", "2", "--config", configuration.toString(), "--pipeline", pipeline.name(),
                    "-b", pipeline.bootstrapServers());
            assertThat(shown).contains("trial:      shadow PROMOTE after " + HALF + " labelled requests")
                    .contains("only champion right " + expected.get("championOnlyRight") + ", only challenger right "
                            + expected.get("challengerOnlyRight"))
                    .contains("mcnemar").contains("p-value").contains("ended early by cli:alice at " + trial.getOperatorAskedAt() + ": seen enough");
            JsonNode described = describe(2).path("trial");
            assertThat(described.path("decision").asText()).isEqualTo("PROMOTE");
            assertThat(described.path("outcomes").asLong()).isEqualTo(HALF);
            assertThat(described.path("challengerScore").asDouble()).isGreaterThan(described.path("championScore").asDouble());
            assertThat(described.path("pValue").isNumber()).isTrue();
            assertThat(described.path("statistic").isNumber()).isTrue();
            assertThat(described.path("endedEarly").path("operator").asText()).isEqualTo("cli:alice");
            assertThat(described.path("endedEarly").path("reason").asText()).isEqualTo("seen enough");
            assertThat(ofType(events, EventType.TRIAL_DECIDED)).hasSize(1);
        }
    }

    /**
     * A scorer killed (SIGKILL, in a child JVM) while it scores requests of the trial, and started again with its
     * instance id: the requests of its aborted transaction are scored again, each once by each version, and the trainer
     * decides at exactly {@code deploy.min.labels} with the contingency of the committed predictions.
     */
    @Test
    void shouldDecideOnceWithExactCountsWhenTheScorerIsKilledMidTrial() throws Exception {
        try (TopicReader events = reader(pipeline.topics().events());
             TopicReader predictions = reader(pipeline.topics().predictions());
             TopicReader shadows = reader(pipeline.topics().shadowPredictions())) {
            pipeline.startTrial(events);
            List<DemoRecord> labelled = new ArrayList<>(pipeline.scoreThenLabel("live-0-", HALF, true, predictions));
            await().atMost(Duration.ofSeconds(60)).until(() -> ofType(events, EventType.TRIAL_PROGRESS).stream()
                    .anyMatch(progress -> outcomes(progress) == HALF));

            // The scorer moves to a child JVM with the same instance id, and loads both versions there.
            int trialLoads = trialLoads(events);
            int answered = predictions.poll().size();
            pipeline.run().runtime().stop(ServiceKind.SCORER);
            try (ChildJvm scorer = ServiceProcess.run("scorer", pipeline.configurationFile(directory),
                    directory.resolve("scorer.log"), Map.of())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> trialLoads(events) > trialLoads);
                labelled.addAll(pipeline.sendScoreRequests("live-1-", 20, true));
                await().atMost(Duration.ofSeconds(30)).until(() -> predictions.poll().size() > answered);
                // Killed as the rest arrive: whatever it had not committed is aborted.
                labelled.addAll(pipeline.sendScoreRequests("live-2-", HALF - 20, true));
                scorer.kill();
            }
            pipeline.run().runtime().start(ServiceKind.SCORER);
            await().atMost(Duration.ofSeconds(90)).until(() -> predictions.poll().size() >= answered + HALF);
            pipeline.sendLabels(labelled.subList(HALF, MIN_LABELS));

            PipelineEvent decided = await().atMost(Duration.ofSeconds(60))
                    .until(() -> ofType(events, EventType.TRIAL_DECIDED), list -> !list.isEmpty()).getFirst();
            Map<String, Long> expected = contingency(labelled, predictions, shadows);
            assertThat(decided.getAttributes()).containsEntry("outcomes", String.valueOf(MIN_LABELS))
                    .containsEntry("championOnlyRight", String.valueOf(expected.get("championOnlyRight")))
                    .containsEntry("challengerOnlyRight", String.valueOf(expected.get("challengerOnlyRight")))
                    .containsEntry("evicted", "0").containsEntry("unreadable", "0");
            assertThat(ofType(events, EventType.TRIAL_DECIDED)).hasSize(1);
        }
    }

    private static int trialLoads(TopicReader events) {
        return (int) ofType(events, EventType.MODEL_LOADED).stream()
                .filter(e -> "trial".equals(e.getAttributes().get("basis"))).count();
    }

    /**
     * Starts the trial, scores and labels half the customers it needs, waits until the trainer reports them counted, and
     * kills it; returns the labelled customers.
     */
    private List<DemoRecord> killTrainerAfterHalfTheLabels(TopicReader events, TopicReader predictions) {
        pipeline.startTrial(events);
        List<DemoRecord> labelled = pipeline.scoreThenLabel("live-0-", HALF, true, predictions);
        await().atMost(Duration.ofSeconds(60)).until(() -> ofType(events, EventType.TRIAL_PROGRESS).stream()
                .anyMatch(progress -> outcomes(progress) == HALF));
        trainer.kill();
        assertThat(ofType(events, EventType.TRIAL_DECIDED)).isEmpty();
        return labelled;
    }

    /** McNemar's discordant counts of the labelled customers, from the committed predictions of both versions. */
    private static Map<String, Long> contingency(List<DemoRecord> labelled, TopicReader predictions, TopicReader shadows) {
        Map<String, String> champion = labels(predictions.poll(), 1);
        Map<String, String> challenger = labels(shadows.poll(), 2);
        long championOnly = 0;
        long challengerOnly = 0;
        for (DemoRecord customer : labelled) {
            boolean championRight = customer.getLabel().equals(champion.get(customer.getId()));
            boolean challengerRight = customer.getLabel().equals(challenger.get(customer.getId()));
            championOnly += championRight && !challengerRight ? 1 : 0;
            challengerOnly += challengerRight && !championRight ? 1 : 0;
        }
        assertThat(champion.keySet()).containsAll(labelled.stream().map(DemoRecord::getId).toList());
        assertThat(challenger.keySet()).containsAll(labelled.stream().map(DemoRecord::getId).toList());
        return Map.of("championOnlyRight", championOnly, "challengerOnlyRight", challengerOnly);
    }

    private static Map<String, String> labels(List<ConsumerRecord<String, byte[]>> records, long version) {
        return records.stream().map(record -> PredictionSummary.read(record.value())).filter(p -> p.modelVersion() == version)
                .collect(Collectors.toMap(PredictionSummary::recordId, PredictionSummary::label, (first, second) -> {
                    throw new AssertionError("a record predicted twice by version " + version);
                }));
    }

    private List<ModelEnvelope> versionInHistory(TopicReader history, long version) {
        String key = new ModelHistoryKey(pipeline.name(), version).toString();
        return history.poll().stream().filter(r -> r.key().equals(key)).map(r -> ENVELOPES.decode(r.value())).toList();
    }

    private JsonNode describe(long version) throws Exception {
        HttpResponse<byte[]> response = pipeline.http().send(HttpRequest.newBuilder(pipeline.scorerUri("/models/" + version))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long outcomes(PipelineEvent progress) {
        return Long.parseLong(progress.getAttributes().get("outcomes"));
    }

    private TopicReader reader(String topic) {
        return new TopicReader(pipeline.run().clientProperties(), topic);
    }
}
