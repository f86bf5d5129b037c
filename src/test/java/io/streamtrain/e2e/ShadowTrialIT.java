package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.predictions.PredictionSummary;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shadow trial end to end on the embedded broker. Version 1 learns the first regime of {@link ShiftingChurnProcess},
 * version 2 the shifted one; version 2 beats version 1 on its own test split, so the gate passes it, and under
 * {@code deploy.strategy=shadow} it is put on trial instead of served. The scorer answers with version 1 and scores
 * every request with version 2 into the shadow-predictions topic; late labels on the records topic decide. Live
 * traffic of the shifted regime proves version 2 better, which is promoted after exactly {@code deploy.min.labels}
 * labelled requests; live traffic of the first regime proves it worse, which is dropped and version 1 keeps serving.
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
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private final ShiftingChurnProcess process = new ShiftingChurnProcess();
    private final HttpClient http = HttpClient.newHttpClient();
    private OnePipelineRun run;
    private int sent;

    @BeforeEach
    void startPipeline() {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", "shadow");
        configuration.put("input.partitions", "1");
        configuration.put("window.size.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        configuration.put("window.max.records", String.valueOf(WINDOW));
        configuration.put("train.horizon.windows", "1");
        configuration.put("window.idle.close.ms", String.valueOf(Duration.ofMinutes(10).toMillis()));
        configuration.put("streams.commit.interval.ms", "100");
        configuration.put("scorer.instance.id", "shadow-1");
        configuration.put("scorer.http.port", "0");
        // The shifted traffic must be judged by the trial, not answered by an early retrain.
        configuration.put("scorer.retrain.enabled", "false");
        configuration.put("deploy.strategy", "shadow");
        configuration.put("deploy.min.labels", String.valueOf(MIN_LABELS));
        configuration.put("scorer.admin.token", ADMIN_TOKEN);
        run = OnePipelineRun.start(configuration, EnumSet.allOf(ServiceKind.class));
    }

    @AfterEach
    void stopPipeline() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void shouldPromoteAChallengerBetterOnLiveLabelsAfterTheMinimumLabelCount() throws Exception {
        try (TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions());
             TopicReader shadows = new TopicReader(run.clientProperties(), run.topics().shadowPredictions());
             TopicReader history = new TopicReader(run.clientProperties(), run.topics().modelHistory())) {
            startTrial(events);

            PipelineEvent decided = scoreUntilDecided(events, predictions, true);

            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE").containsEntry("strategy", "shadow")
                    .containsEntry("championVersion", "1").containsEntry("challengerVersion", "2")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS)).containsEntry("evicted", "0");
            assertThat(Double.parseDouble(decided.getAttributes().get("challengerScore")))
                    .isGreaterThan(Double.parseDouble(decided.getAttributes().get("championScore")) + 0.2);
            await().atMost(Duration.ofSeconds(30)).until(() -> servedVersion() == 2);
            assertThat(historyStatus(history, 2)).isEqualTo(PromotionStatus.PROMOTED);
            assertShadowedWhileOnTrial(predictions, shadows);
        }
    }

    @Test
    void shouldDropAChallengerWorseOnLiveLabels() throws Exception {
        try (TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions());
             TopicReader shadows = new TopicReader(run.clientProperties(), run.topics().shadowPredictions());
             TopicReader history = new TopicReader(run.clientProperties(), run.topics().modelHistory())) {
            startTrial(events);

            PipelineEvent decided = scoreUntilDecided(events, predictions, false);

            assertThat(decided.getAttributes()).containsEntry("decision", "DROP").containsEntry("challengerVersion", "2")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS));
            assertThat(Double.parseDouble(decided.getAttributes().get("pValue"))).isLessThan(0.05);
            await().atMost(Duration.ofSeconds(30)).until(() -> historyStatus(history, 2) == PromotionStatus.REJECTED);
            assertThat(servedVersion()).isEqualTo(1);
            // After the decision the champion alone answers: requests scored now have no shadow prediction.
            int shadowed = shadows.poll().size();
            scoreChunk(99, false, predictions);
            assertThat(shadows.poll()).hasSize(shadowed);
            assertThat(predictions.poll()).extracting(r -> PredictionSummary.read(r.value()).modelVersion()).containsOnly(1L);
        }
    }

    @Test
    void shouldResumeATrialWithExactCountsAfterTheTrainerAndTheScorerRestart() throws Exception {
        try (TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions())) {
            startTrial(events);
            scoreChunk(0, true, predictions);
            // Half the labels are in; the trainer and the scorer go away and come back, rebuilding the trial from the topics.
            run.runtime().stop(ServiceKind.SCORER);
            run.runtime().stop(ServiceKind.TRAINER);
            run.runtime().start(ServiceKind.TRAINER);
            run.runtime().start(ServiceKind.SCORER);

            PipelineEvent decided = scoreUntilDecided(events, predictions, true, 1, 1);

            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS));
            assertThat(ofType(events, EventType.TRIAL_STARTED)).hasSize(1);
        }
    }

    @Test
    void shouldLetAnOperatorEndATrialEarlyOverRestWithTheEvidenceSoFar() throws Exception {
        try (TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions())) {
            startTrial(events);
            scoreChunk(0, true, predictions);

            HttpResponse<String> ended = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + run.deployment().scorerHttpPort().orElseThrow() + "/v1/pipelines/shadow/models/2/trial/end"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"promote\": true, \"reason\": \"enough seen\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(202);
            PipelineEvent decided = await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofType(events, EventType.TRIAL_DECIDED), list -> !list.isEmpty()).getFirst();
            assertThat(decided.getAttributes()).containsEntry("decision", "PROMOTE").containsEntry("challengerVersion", "2")
                    .containsKey("operator");
            assertThat(Long.parseLong(decided.getAttributes().get("outcomes"))).isLessThan(MIN_LABELS);
            assertThat(decided.getAttributes().get("reason")).contains("ended early by rest@");
            await().atMost(Duration.ofSeconds(30)).until(() -> servedVersion() == 2);
        }
    }

    /** Version 1 on the first regime, then version 2 on the shifted one, announced as the challenger on trial. */
    private void startTrial(TopicReader events) throws Exception {
        for (int i = 0; i < WINDOW; i++) {
            send(run.topics().records(), "a-" + i, DemoRecordEncoder.avro(process.next("a-" + i, eventTime(), false)));
        }
        run.producer().flush();
        await().atMost(Duration.ofSeconds(90)).until(() -> servedVersion() == 1);
        for (int i = 0; i < WINDOW; i++) {
            send(run.topics().records(), "b-" + i, DemoRecordEncoder.avro(process.next("b-" + i, eventTime(), true)));
        }
        run.producer().flush();
        await().atMost(Duration.ofSeconds(90)).until(() -> ofType(events, EventType.TRIAL_STARTED).size() == 1);
        assertThat(ofType(events, EventType.TRIAL_STARTED).getFirst().getAttributes()).containsEntry("version", "2")
                .containsEntry("status", "TRIAL").containsEntry("championVersion", "1");
        await().atMost(Duration.ofSeconds(30)).until(() -> ofType(events, EventType.MODEL_LOADED).stream()
                .anyMatch(e -> "trial".equals(e.getAttributes().get("basis")) && "2".equals(e.getAttributes().get("version"))));
        assertThat(servedVersion()).isEqualTo(1);
    }

    /** Scores chunks of the given regime and labels them until the trial is decided. */
    private PipelineEvent scoreUntilDecided(TopicReader events, TopicReader predictions, boolean shifted) {
        return scoreUntilDecided(events, predictions, shifted, 0, MAX_CHUNKS - 1);
    }

    /** Scores chunks {@code firstChunk} to {@code lastChunk} of the given regime and labels them until the trial is decided. */
    private PipelineEvent scoreUntilDecided(TopicReader events, TopicReader predictions, boolean shifted, int firstChunk, int lastChunk) {
        for (int chunk = firstChunk; chunk <= lastChunk; chunk++) {
            scoreChunk(chunk, shifted, predictions);
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

    /** Scores one chunk of customers, waits until every one is answered, then sends their labels. */
    private void scoreChunk(int chunk, boolean shifted, TopicReader predictions) {
        List<DemoRecord> customers = new ArrayList<>();
        for (int i = 0; i < CHUNK; i++) {
            customers.add(process.next("live-" + chunk + "-" + i, eventTime(), shifted));
        }
        int before = predictions.poll().size();
        for (int i = 0; i < CHUNK; i += 10) {
            String requestId = "request-" + chunk + "-" + i;
            send(run.topics().scoreRequests(), requestId, DemoRecordEncoder.scoreRequest(requestId, customers.subList(i, i + 10)));
        }
        run.producer().flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions.poll().size() >= before + CHUNK);
        customers.forEach(customer -> send(run.topics().records(), customer.getId(), DemoRecordEncoder.avro(customer)));
        run.producer().flush();
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

    private long servedVersion() throws IOException, InterruptedException {
        int port = run.deployment().scorerHttpPort().orElseThrow();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/pipelines/shadow/model")).build(), HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("version").asLong() : 0;
    }

    private Instant eventTime() {
        return START.plusMillis(sent);
    }

    private void send(String topic, String key, byte[] value) {
        sent++;
        run.producer().send(new ProducerRecord<>(topic, key, value));
    }

    private static List<PipelineEvent> ofType(TopicReader events, EventType type) {
        return events.poll().stream().map(record -> EVENTS.decode(record.value())).filter(e -> e.getType() == type).toList();
    }
}
