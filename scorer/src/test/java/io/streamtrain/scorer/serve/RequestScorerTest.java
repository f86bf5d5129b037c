package io.streamtrain.scorer.serve;

import io.streamtrain.core.predictions.PredictionFormat;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static io.streamtrain.scorer.testing.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.InputSchemas;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class RequestScorerTest {

    private static final String REQUESTS = PIPELINE + ".score-requests";
    private static final String PREDICTIONS = PIPELINE + ".predictions";
    private static final String DLQ = PIPELINE + ".dlq";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123456Z");
    private static final AvroMessageCodec<Prediction> PREDICTION = AvroMessageCodec.of(Prediction.class);

    private final RequestScorer scorer = new RequestScorer(
            new ScoreRequestParser(new InputRecordDecoder(InputSchemas.demo())), new FeatureExtractor(SPEC),
            PredictionFormat.AVRO, PIPELINE, PREDICTIONS, DLQ, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldPredictEveryRecordOfAListKeyedByRequestIdAndNamingTheModelVersion() {
        byte[] value = utf8("{\"requestId\":\"r-1\",\"records\":[" + json("a", 1) + "," + json("b", 2) + "]}");

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 4, "key", value), new FakeModel(7));

        assertThat(out).hasSize(2).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(PREDICTIONS);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("r-1");
        });
        List<Prediction> predictions = out.stream().map(r -> PREDICTION.decode(r.value())).toList();
        assertThat(predictions).extracting(Prediction::getRecordId).containsExactly("a", "b");
        assertThat(predictions).allSatisfy(prediction -> {
            assertThat(prediction.getRequestId()).isEqualTo("r-1");
            assertThat(prediction.getPipeline()).isEqualTo(PIPELINE);
            assertThat(prediction.getModelVersion()).isEqualTo(7);
            assertThat(prediction.getLabel()).isEqualTo("stay");
            assertThat(prediction.getValue()).isNull();
            assertThat(prediction.getProbabilities()).containsEntry("stay", 1.0).containsEntry("churn", 0.0);
            assertThat(prediction.getScoredAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123Z"));
        });
    }

    @Test
    void shouldDeadLetterAnUnreadableRequestWholeWithItsOriginalBytesKeyAndHeaders() {
        byte[] value = utf8("definitely not json");
        ConsumerRecord<byte[], byte[]> request = Fixtures.request(REQUESTS, 9, "key-9", value);
        request.headers().add("trace", utf8("abc"));

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(request, new FakeModel(1));

        assertThat(out).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DLQ);
            assertThat(dead.key()).isEqualTo(utf8("key-9"));
            assertThat(dead.value()).isEqualTo(value);
            Headers headers = dead.headers();
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)).isEqualTo("undecodable");
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.DETAIL)).contains("valid JSON");
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SERVICE)).isEqualTo("scorer");
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(REQUESTS);
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("9");
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REQUEST_ID)).isEqualTo("key-9");
            assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REQUEST_INDEX)).isEqualTo("0");
            assertThat(DeadLetterHeaders.read(headers, "trace")).isEqualTo("abc");
        });
    }

    @Test
    void shouldDeadLetterOnlyTheBadElementOfAListAndScoreTheRest() {
        byte[] value = utf8("[" + json("a", 1) + ",{\"id\":\"b\",\"eventTime\":1,\"tenureMonths\":\"x\"}," + json("c", 3) + "]");

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 2, "r-2", value), new FakeModel(1));

        assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS, DLQ, PREDICTIONS);
        ProducerRecord<byte[], byte[]> dead = out.get(1);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"b\",\"eventTime\":1,\"tenureMonths\":\"x\"}");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("invalid");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REQUEST_INDEX)).isEqualTo("1");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REQUEST_ID)).isEqualTo("r-2");
    }

    @Test
    void shouldDeadLetterARecordWithABlankId() {
        byte[] value = utf8("{\"id\":\" \",\"eventTime\":1,\"tenureMonths\":3}");

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 2, "r-3", value), new FakeModel(1));

        assertThat(out).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DLQ);
            assertThat(dead.value()).isEqualTo(value);
            assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("missing-id");
        });
    }

    @Test
    void shouldDeadLetterARecordTheModelCannotScore() {
        ScoringModel broken = new ScoringModel() {
            @Override
            public ModelEnvelope envelope() {
                return Fixtures.envelope(3);
            }

            @Override
            public ScoredRecord score(CleanRecord record) {
                throw new IllegalArgumentException("expected 6 features");
            }
        };

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 2, "r-4", utf8(json("a", 1))), broken);

        assertThat(out).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DLQ);
            assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("invalid");
            assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.DETAIL))
                    .contains("model version 3 could not score record a").contains("expected 6 features");
        });
    }

    @Test
    void shouldIgnoreALabelInTheRequest() {
        byte[] value = utf8("{\"id\":\"a\",\"eventTime\":1,\"tenureMonths\":3,\"label\":\"churn\"}");

        List<ProducerRecord<byte[], byte[]>> out = scorer.score(Fixtures.request(REQUESTS, 2, "r-5", value), new FakeModel(1));

        assertThat(out).singleElement().satisfies(record -> assertThat(record.topic()).isEqualTo(PREDICTIONS));
    }

    @Test
    void shouldScoreAPollWithOneModelCallAndAnswerAsIfEachRequestWereScoredAlone() {
        List<ConsumerRecord<byte[], byte[]>> poll = List.of(
                Fixtures.request(REQUESTS, 10, "r-10", utf8(json("a", 1))),
                Fixtures.request(REQUESTS, 11, "r-11", utf8("not json")),
                Fixtures.request(REQUESTS, 12, "r-12", utf8("[" + json("b", 2) + ",{\"id\":\"c\",\"tenureMonths\":\"x\"}," + json("d", 4) + "]")),
                Fixtures.request(REQUESTS, 13, "r-13", utf8("{\"id\":\" \",\"eventTime\":1,\"tenureMonths\":3}")),
                Fixtures.request(REQUESTS, 14, "r-14", utf8("{\"id\":\"e\",\"id\":\"f\",\"tenureMonths\":3}")),
                Fixtures.request(REQUESTS, 15, "r-15", utf8(json("g", 7))));
        CountingModel model = new CountingModel(new FakeModel(5));

        List<ProducerRecord<byte[], byte[]>> together = scorer.scoreAll(poll, model);

        assertThat(model.batches).containsExactly(List.of("a", "b", "d", "g"));
        assertThat(together).extracting(ProducerRecord::topic)
                .containsExactly(PREDICTIONS, DLQ, PREDICTIONS, DLQ, PREDICTIONS, DLQ, DLQ, PREDICTIONS);
        List<ProducerRecord<byte[], byte[]>> alone = poll.stream().flatMap(request -> scorer.score(request, new FakeModel(5)).stream()).toList();
        assertThat(together).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
            assertThat(together.get(i).key()).isEqualTo(alone.get(i).key());
            assertThat(together.get(i).value()).isEqualTo(alone.get(i).value());
            assertThat(together.get(i).headers().toArray()).isEqualTo(alone.get(i).headers().toArray());
        }
        assertThat(DeadLetterHeaders.read(together.get(6).headers(), DeadLetterHeaders.DETAIL)).contains("occurs more than once");
    }

    @Test
    void shouldAnswerALargePollReadInParallelInRequestOrder() {
        List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String value = switch (i % 4) {
                case 0 -> json("c-" + i, i);
                case 1 -> "[" + json("d-" + i, i) + ",{\"id\":\"e-" + i + "\",\"tenureMonths\":\"x\"}]";
                case 2 -> "{\"id\":\"f-" + i + "\",\"id\":\"g\"}";
                default -> "{\"id\":\"h-" + i;
            };
            poll.add(Fixtures.request(REQUESTS, i, "r-" + i, utf8(value)));
        }

        List<ProducerRecord<byte[], byte[]>> together = scorer.scoreAll(poll, new FakeModel(2));

        List<ProducerRecord<byte[], byte[]>> alone = poll.stream().flatMap(request -> scorer.score(request, new FakeModel(2)).stream()).toList();
        assertThat(together).hasSize(3_750).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
            assertThat(together.get(i).topic()).isEqualTo(alone.get(i).topic());
            assertThat(together.get(i).key()).isEqualTo(alone.get(i).key());
            assertThat(together.get(i).value()).isEqualTo(alone.get(i).value());
            assertThat(together.get(i).headers().toArray()).isEqualTo(alone.get(i).headers().toArray());
        }
    }

    @Test
    void shouldParseAPollAndCallTheModelOnThePoolItIsGiven() {
        AtomicInteger threads = new AtomicInteger();
        List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            poll.add(Fixtures.request(REQUESTS, i, "r-" + i, utf8(json("c-" + i, i))));
        }
        CountingModel model = new CountingModel(new FakeModel(4));

        try (ForkJoinPool pool = new ForkJoinPool(2, p -> {
            threads.incrementAndGet();
            return new ForkJoinWorkerThread(null, p, true) { };
        }, null, false)) {
            RequestScorer pooled = new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(InputSchemas.demo())),
                    new FeatureExtractor(SPEC), PredictionFormat.AVRO, PIPELINE, PREDICTIONS, DLQ, Optional.empty(),
                    Clock.fixed(NOW, ZoneOffset.UTC), ScoredRecordListener.NONE, pool);

            assertThat(pooled.scoreAll(poll, model)).hasSize(2_000).allSatisfy(out -> assertThat(out.topic()).isEqualTo(PREDICTIONS));

            assertThat(threads.get()).as("threads the pool started to parse the poll (the fake model uses none)").isPositive();
            assertThat(model.pools).containsExactly(pool);
        }
    }

    @Test
    void shouldScoreOneByOneWhenTheModelFailsOnAPollSoThatOnlyTheRecordItFailsOnIsDeadLettered() {
        ScoringModel failsOnB = new ScoringModel() {
            @Override
            public ModelEnvelope envelope() {
                return Fixtures.envelope(3);
            }

            @Override
            public ScoredRecord score(CleanRecord record) {
                if (record.getRecordId().equals("b")) {
                    throw new IllegalStateException("ONNX Runtime failed");
                }
                return ScoredRecord.ofValue(1.0);
            }

            @Override
            public List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
                throw new IllegalStateException("ONNX Runtime failed on one of " + records.size());
            }
        };
        List<ConsumerRecord<byte[], byte[]>> poll = List.of(
                Fixtures.request(REQUESTS, 1, "r-1", utf8(json("a", 1))),
                Fixtures.request(REQUESTS, 2, "r-2", utf8(json("b", 2))),
                Fixtures.request(REQUESTS, 3, "r-3", utf8(json("c", 3))));

        List<ProducerRecord<byte[], byte[]>> out = scorer.scoreAll(poll, failsOnB);

        assertThat(out).extracting(ProducerRecord::topic).containsExactly(PREDICTIONS, DLQ, PREDICTIONS);
        assertThat(DeadLetterHeaders.read(out.get(1).headers(), DeadLetterHeaders.DETAIL))
                .contains("model version 3 could not score record b").contains("ONNX Runtime failed");
        assertThat(out.get(1).value()).isEqualTo(utf8(json("b", 2)));
    }

    /** Delegates to a model and remembers the record ids and the pool of every call of {@link #scoreAll}. */
    private static final class CountingModel implements ScoringModel {

        private final ScoringModel model;
        private final List<List<String>> batches = new ArrayList<>();
        private final List<ForkJoinPool> pools = new ArrayList<>();

        CountingModel(ScoringModel model) {
            this.model = model;
        }

        @Override
        public ModelEnvelope envelope() {
            return model.envelope();
        }

        @Override
        public ScoredRecord score(CleanRecord record) {
            throw new AssertionError("a poll is scored in one call");
        }

        @Override
        public List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
            batches.add(records.stream().map(CleanRecord::getRecordId).toList());
            pools.add(pool);
            return model.scoreAll(records, pool);
        }
    }
}
