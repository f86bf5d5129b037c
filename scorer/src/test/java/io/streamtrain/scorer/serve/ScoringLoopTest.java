package io.streamtrain.scorer.serve;

import io.streamtrain.core.predictions.PredictionFormat;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static io.streamtrain.scorer.testing.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.InputSchemas;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.scorer.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transaction and failure policy of the loop, on mock clients. */
class ScoringLoopTest {

    private static final String REQUESTS = PIPELINE + ".score-requests";
    private static final TopicPartition PARTITION = new TopicPartition(REQUESTS, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CurrentModel current = new CurrentModel();
    private final List<MockConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final List<FailingProducer> producers = new ArrayList<>();
    private final AtomicInteger commitFailures = new AtomicInteger();
    private RuntimeException commitFailure;
    private ScoringLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            assertThat(loop.stop(TIMEOUT)).isTrue();
        }
    }

    @Test
    void shouldNotSubscribeBeforeTheFirstModel() {
        startLoop();
        await().atMost(TIMEOUT).until(() -> loop.ready().isDone());

        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> consumers.getFirst().subscription().isEmpty());

        Fixtures.install(current, 1);
        await().atMost(TIMEOUT).until(() -> consumers.getFirst().subscription().contains(REQUESTS));
    }

    @Test
    void shouldCommitPredictionsAndOffsetsOfABatchInOneTransaction() {
        Fixtures.install(current, 1);
        startLoop();
        feed(consumers.getFirst(), 0, 3);

        await().atMost(TIMEOUT).until(() -> producers.getFirst().history().size() == 3);

        assertThat(producers.getFirst().history()).allSatisfy(record -> assertThat(record.topic()).isEqualTo(PIPELINE + ".predictions"));
        assertThat(committedOffsets(producers.getFirst())).containsExactly(3L);
    }

    @Test
    void shouldAbortRewindAndRetryABatchAfterAnAbortableError() {
        commitFailure = new KafkaException("coordinator went away");
        commitFailures.set(1);
        Fixtures.install(current, 1);
        startLoop();
        MockConsumer<byte[], byte[]> consumer = consumers.getFirst();
        feed(consumer, 0, 2);

        await().atMost(TIMEOUT).until(() -> producers.getFirst().transactionAborted());
        await().atMost(TIMEOUT).until(() -> consumer.position(PARTITION) == 0);
        // The mock consumer forgets records it has returned once; a real one re-reads them after the seek.
        feed(consumer, 0, 2);

        await().atMost(TIMEOUT).until(() -> producers.getFirst().history().size() == 2);
        assertThat(committedOffsets(producers.getFirst())).containsExactly(2L);
        assertThat(loop.isRunning()).isTrue();
    }

    @Test
    void shouldRestartBothClientsAfterAnErrorTheProducerCannotContinueFrom() {
        commitFailure = new InvalidProducerEpochException("epoch bumped");
        commitFailures.set(1);
        Fixtures.install(current, 1);
        startLoop();
        feed(consumers.getFirst(), 0, 2);

        await().atMost(TIMEOUT).until(() -> producers.size() == 2 && consumers.size() == 2);
        assertThat(producers.getFirst().closed()).isTrue();
        assertThat(consumers.getFirst().closed()).isTrue();
        feed(consumers.getLast(), 0, 2);
        await().atMost(TIMEOUT).until(() -> producers.getLast().history().size() == 2);
    }

    @Test
    void shouldStopWhenFencedByAnotherInstance() {
        Fixtures.install(current, 1);
        startLoop();
        await().atMost(TIMEOUT).until(() -> loop.ready().isDone());
        producers.getFirst().fenceProducer();
        feed(consumers.getFirst(), 0, 1);

        await().atMost(TIMEOUT).until(() -> !loop.isRunning());
        assertThat(producers.getFirst().history()).isEmpty();
        assertThat(producers).hasSize(1);
    }

    private void startLoop() {
        RequestScorer scorer = new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(InputSchemas.demo())),
                new FeatureExtractor(SPEC), PredictionFormat.JSON, PIPELINE, PIPELINE + ".predictions", PIPELINE + ".dlq",
                Clock.systemUTC());
        Supplier<MockConsumer<byte[], byte[]>> newConsumer = () -> {
            MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            synchronized (consumers) {
                consumers.add(consumer);
            }
            return consumer;
        };
        Supplier<FailingProducer> newProducer = () -> {
            FailingProducer producer = new FailingProducer();
            synchronized (producers) {
                producers.add(producer);
            }
            return producer;
        };
        // Both first clients exist before the loop runs, so tests can script them.
        MockConsumer<byte[], byte[]> firstConsumer = newConsumer.get();
        FailingProducer firstProducer = newProducer.get();
        AtomicInteger consumerCalls = new AtomicInteger();
        AtomicInteger producerCalls = new AtomicInteger();
        loop = new ScoringLoop(PIPELINE, REQUESTS, current, scorer, "instance-1",
                () -> consumerCalls.getAndIncrement() == 0 ? firstConsumer : newConsumer.get(),
                () -> producerCalls.getAndIncrement() == 0 ? firstProducer : newProducer.get(),
                Duration.ofSeconds(1), "scoring-loop-test");
        loop.start();
    }

    /** Assigns the partition at the next poll and delivers {@code count} requests from {@code firstOffset}. */
    private static void feed(MockConsumer<byte[], byte[]> consumer, long firstOffset, int count) {
        consumer.schedulePollTask(() -> {
            if (consumer.assignment().isEmpty()) {
                consumer.rebalance(List.of(PARTITION));
            }
            for (int i = 0; i < count; i++) {
                long offset = firstOffset + i;
                consumer.addRecord(new ConsumerRecord<>(REQUESTS, 0, offset, utf8("req-" + offset), utf8(json("c-" + offset, offset))));
            }
        });
    }

    private static List<Long> committedOffsets(MockProducer<byte[], byte[]> producer) {
        return producer.consumerGroupOffsetsHistory().stream()
                .flatMap(byGroup -> byGroup.values().stream())
                .map(offsets -> offsets.get(PARTITION))
                .map(OffsetAndMetadata::offset)
                .toList();
    }

    /** A mock producer whose commit fails as often as the test says, with the error it says. */
    private final class FailingProducer extends MockProducer<byte[], byte[]> {
        FailingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            if (commitFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw commitFailure;
            }
            super.commitTransaction();
        }
    }
}
