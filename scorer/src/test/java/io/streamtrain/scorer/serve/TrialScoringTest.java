package io.streamtrain.scorer.serve;

import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static io.streamtrain.scorer.testing.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.InputSchemas;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.trial.ModelTrial;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A request scored during a trial: which model answers, and the other model's prediction beside it. */
class TrialScoringTest {

    private static final String REQUESTS = PIPELINE + ".score-requests";
    private static final String PREDICTIONS = PIPELINE + ".predictions";
    private static final String SHADOW = PIPELINE + ".shadow-predictions";
    private static final String DLQ = PIPELINE + ".dlq";
    private static final AvroMessageCodec<Prediction> PREDICTION = AvroMessageCodec.of(Prediction.class);

    private final FakeModel champion = new FakeModel(Fixtures.envelope(3), "stay");
    private final FakeModel challenger = new FakeModel(Fixtures.envelope(4), "churn");
    private final List<Long> listenedVersions = new ArrayList<>();
    private final RequestScorer scorer = scorer(Optional.of(SHADOW));

    @Test
    void shouldAnswerWithTheChampionAndWriteTheChallengersPredictionBesideItInShadow() {
        byte[] value = utf8("{\"requestId\":\"r-1\",\"records\":[" + json("a", 1) + "," + json("b", 2) + "]}");

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 4, "key", value),
                new ServedModels(champion, Optional.of(ModelTrial.shadow(challenger))));

        assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS, SHADOW, PREDICTIONS, SHADOW);
        assertThat(out).allSatisfy(record -> assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("r-1"));
        assertThat(predictionsOn(out, PREDICTIONS)).extracting(Prediction::getModelVersion, Prediction::getLabel)
                .containsOnly(tuple(3L, "stay"));
        assertThat(predictionsOn(out, SHADOW)).extracting(Prediction::getRecordId, Prediction::getModelVersion, Prediction::getLabel)
                .containsExactly(tuple("a", 4L, "churn"), tuple("b", 4L, "churn"));
        assertThat(listenedVersions).containsOnly(3L).hasSize(2);
    }

    @Test
    void shouldLetTheCanaryAnswerItsShareOfRequestIdsWithTheChampionBesideItAndTheChampionAloneAnswerTheRest() {
        ServedModels models = new ServedModels(champion, Optional.of(ModelTrial.canary(challenger, 0.2)));
        int requests = 2000;
        int canaryAnswers = 0;

        for (int i = 0; i < requests; i++) {
            String requestId = "req-" + i;
            List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, i, requestId, utf8(json("rec-" + i, 1))), models);
            boolean canary = models.trial().orElseThrow().challengerAnswers(requestId);

            if (canary) {
                // The champion scores the canary's requests too, so the two are compared on the same requests.
                assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS, SHADOW);
                assertThat(PREDICTION.decode(out.get(0).value()).getModelVersion()).isEqualTo(4L);
                assertThat(PREDICTION.decode(out.get(1).value()).getModelVersion()).isEqualTo(3L);
                canaryAnswers++;
            } else {
                assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS);
                assertThat(PREDICTION.decode(out.get(0).value()).getModelVersion()).isEqualTo(3L);
            }
        }

        assertThat(canaryAnswers / (double) requests).isBetween(0.17, 0.23);
        // Drift and live quality keep following the champion, whichever model answered.
        assertThat(listenedVersions).hasSize(requests).containsOnly(3L);
    }

    @Test
    void shouldLetTheChampionAnswerWhatAFailingCanaryCannot() {
        ModelTrial trial = ModelTrial.canary(new FailingModel(Fixtures.envelope(4)), 0.5);
        String canaryRequest = IntStream.range(0, 100).mapToObj(i -> "req-" + i).filter(trial::challengerAnswers).findFirst().orElseThrow();

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 1, canaryRequest, utf8(json("a", 1))),
                new ServedModels(champion, Optional.of(trial)));

        assertThat(out).singleElement().satisfies(answer -> {
            assertThat(answer.topic()).isEqualTo(PREDICTIONS);
            assertThat(PREDICTION.decode(answer.value()).getModelVersion()).isEqualTo(3L);
        });
    }

    @Test
    void shouldAnswerAllTheSameWhenAShadowChallengerFails() {
        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 1, "k", utf8(json("a", 1))),
                new ServedModels(champion, Optional.of(ModelTrial.shadow(new FailingModel(Fixtures.envelope(4))))));

        assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS);
    }

    @Test
    void shouldDeadLetterABadRecordOnceAndScoreNoShadowPredictionOfIt() {
        byte[] value = utf8("[" + json("a", 1) + ",{\"id\":\"b\"}]");

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 1, "k", value),
                new ServedModels(champion, Optional.of(ModelTrial.shadow(challenger))));

        assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS, SHADOW, DLQ);
    }

    @Test
    void shouldRefuseATrialWithoutAShadowPredictionsTopic() {
        RequestScorer withoutShadow = scorer(Optional.empty());

        assertThatThrownBy(() -> withoutShadow.score(Fixtures.request(REQUESTS, 1, "k", utf8(json("a", 1))),
                new ServedModels(champion, Optional.of(ModelTrial.shadow(challenger)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shadow-predictions");
    }

    private RequestScorer scorer(Optional<String> shadowTopic) {
        return new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(InputSchemas.demo())), new FeatureExtractor(SPEC),
                PredictionFormat.AVRO, PIPELINE, PREDICTIONS, DLQ, shadowTopic, Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC),
                (record, prediction, model) -> listenedVersions.add(model.version()), ForkJoinPool.commonPool());
    }

    private static List<Prediction> predictionsOn(List<ProducerRecord<byte[], byte[]>> out, String topic) {
        return out.stream().filter(record -> record.topic().equals(topic)).map(record -> PREDICTION.decode(record.value())).toList();
    }

    private record FailingModel(ModelEnvelope envelope) implements ScoringModel {
        @Override
        public ScoredRecord score(CleanRecord record) {
            throw new IllegalStateException("broken challenger");
        }
    }
}
