package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.streamtrain.e2e.ShiftingChurnPipeline.ofType;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.predictions.PredictionSummary;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.DemoRecordEncoder;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import io.streamtrain.scorer.serve.ScoringLoop;
import io.streamtrain.scorer.trial.CanaryAssignment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A canary trial end to end on the embedded broker with two scorer instances sharing the score requests: version 2
 * (trained on the shifted regime of {@link ShiftingChurnProcess}) passes the gate and answers half the request ids
 * under {@code deploy.strategy=canary}; live traffic of the first regime proves it worse, and the trainer rolls it back
 * at the first interim look, once. Every request id is answered by the version its hash picks, whichever instance
 * scored it.
 */
@Timeout(240)
class CanaryTrialIT {

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final int WINDOW = 600;
    private static final int MIN_LABELS = 200;
    private static final double SHARE = 0.5;

    private final Map<String, String> configuration = ShiftingChurnPipeline.configuration("canary", WINDOW);
    private ShiftingChurnPipeline pipeline;
    private OnePipelineRun run;
    private ScorerService second;

    @BeforeEach
    void startPipeline() {
        configuration.put("scorer.retrain.enabled", "false");
        // The requests topic gains a partition for the second instance; the first must see it soon.
        configuration.put("kafka.metadata.max.age.ms", "1000");
        configuration.put("deploy.strategy", "canary");
        configuration.put("deploy.canary.share", String.valueOf(SHARE));
        configuration.put("deploy.min.labels", String.valueOf(MIN_LABELS));
        pipeline = ShiftingChurnPipeline.start(configuration, EnumSet.allOf(ServiceKind.class), START);
        run = pipeline.run();
    }

    @AfterEach
    void stopPipeline() {
        if (second != null) {
            second.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldAssignEveryRequestIdAlikeOnTwoInstancesAndRollAWorseCanaryBackEarlyOnce() throws Exception {
        try (TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions())) {
            pipeline.startTrial(events);
            startSecondInstance(events);

            int requests = 0;
            while (ofType(events, EventType.TRIAL_DECIDED).isEmpty() && requests < 2 * MIN_LABELS) {
                scoreThenLabel(requests, 20, predictions);
                requests += 20;
            }

            List<PipelineEvent> decided = await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofType(events, EventType.TRIAL_DECIDED), list -> !list.isEmpty());
            assertThat(decided).singleElement().satisfies(event -> assertThat(event.getAttributes())
                    .containsEntry("decision", "ROLLBACK").containsEntry("strategy", "canary")
                    .containsEntry("outcomes", String.valueOf(MIN_LABELS / 4)));
            CanaryAssignment assignment = new CanaryAssignment(2, SHARE);
            Set<String> instances = new HashSet<>();
            List<ConsumerRecord<String, byte[]>> answered = predictions.poll();
            for (ConsumerRecord<String, byte[]> record : answered) {
                PredictionSummary prediction = PredictionSummary.read(record.value());
                String instance = new String(record.headers().lastHeader(ScoringLoop.INSTANCE_HEADER).value(), StandardCharsets.UTF_8);
                instances.add(instance);
                if (prediction.modelVersion() == 2) {
                    assertThat(assignment.answeredByChallenger(record.key())).as("request %s answered by the canary on %s",
                            record.key(), instance).isTrue();
                }
            }
            assertThat(instances).as("both instances answered requests").containsExactlyInAnyOrder("canary-1", "canary-2");
            long canaryAnswers = answered.stream().filter(r -> PredictionSummary.read(r.value()).modelVersion() == 2).count();
            assertThat(canaryAnswers).isGreaterThan(0);
            // Until the rollback every request the hash gives the challenger was answered by it, on either instance.
            long rolledBackAt = decided.getFirst().getTime().toEpochMilli();
            assertThat(answered).filteredOn(r -> PredictionSummary.read(r.value()).modelVersion() == 1)
                    .filteredOn(r -> assignment.answeredByChallenger(r.key()))
                    .allSatisfy(r -> assertThat(r.timestamp()).as("champion answering canary request %s", r.key())
                            .isGreaterThanOrEqualTo(rolledBackAt));
            assertThat(ofType(events, EventType.TRIAL_DECIDED)).hasSize(1);
        }
    }

    /** A second scorer instance in the same group, once the requests topic has a partition for it. */
    private void startSecondInstance(TopicReader events) throws Exception {
        try (Admin admin = Admin.create(run.clientProperties())) {
            admin.createPartitions(Map.of(run.topics().scoreRequests(), NewPartitions.increaseTo(2))).all().get();
        }
        Map<String, String> settings = new HashMap<>(configuration);
        settings.put("scorer.instance.id", "canary-2");
        settings.put("scorer.http.port", String.valueOf(ScorerConfig.HTTP_DISABLED));
        settings.put("kafka.bootstrap.servers", String.valueOf(run.clientProperties().get("bootstrap.servers")));
        second = new ScorerService(new ScorerConfig(PipelineDefinition.of("test", settings)), Clock.systemUTC());
        second.start(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> ofType(events, EventType.MODEL_LOADED).stream()
                .filter(e -> "trial".equals(e.getAttributes().get("basis"))).map(e -> e.getAttributes().get("instance"))
                .collect(java.util.stream.Collectors.toSet()).containsAll(List.of("canary-1", "canary-2")));
    }

    /** Scores {@code count} single-customer requests of the first regime on both partitions, then labels them. */
    private void scoreThenLabel(int first, int count, TopicReader predictions) {
        int before = predictions.poll().size();
        List<DemoRecord> customers = new java.util.ArrayList<>();
        for (int i = first; i < first + count; i++) {
            DemoRecord customer = pipeline.customer("live-" + i, false);
            customers.add(customer);
            String requestId = "request-" + i;
            pipeline.send(run.topics().scoreRequests(), i % 2, requestId, DemoRecordEncoder.scoreRequest(requestId, List.of(customer)));
        }
        run.producer().flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions.poll().size() >= before + count);
        pipeline.sendLabels(customers);
    }
}
