package io.streamtrain.scorer.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The followers' thread on a mock consumer: waiting for a topic, stopping by wakeup, failures handed over once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FollowerThreadTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final TopicPartition MODELS_0 = new TopicPartition("models", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private FollowerThread thread;

    @BeforeEach
    void startModelsAtZero() {
        consumer.updateBeginningOffsets(Map.of(MODELS_0, 0L));
    }

    @AfterEach
    void stopThread() throws InterruptedException {
        thread.stop(TIMEOUT);
    }

    @Test
    void shouldHandTheReadingThePartitionsOfTheTopicOnceItExists() {
        AtomicReference<List<TopicPartition>> found = new AtomicReference<>();
        thread = follower(() -> found.set(thread.awaitPartitions("models")));
        thread.start();

        consumer.updatePartitions("models", List.of(partition(0), partition(1)));

        await().atMost(TIMEOUT).until(() -> found.get() != null && !thread.isRunning());
        assertThat(found.get()).containsExactly(MODELS_0, new TopicPartition("models", 1));
        assertThat(consumer.closed()).as("consumer closed when the thread ends").isTrue();
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldStopWaitingForATopicThatDoesNotExistWhenStopped() throws InterruptedException {
        AtomicReference<List<TopicPartition>> found = new AtomicReference<>();
        thread = follower(() -> found.set(thread.awaitPartitions("missing")));
        thread.start();

        assertThat(thread.stop(TIMEOUT)).isTrue();

        assertThat(found.get()).isEmpty();
        assertThat(consumer.closed()).isTrue();
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldEndQuietlyAndCloseTheConsumerWhenAStopWakesUpAPoll() throws InterruptedException {
        thread = follower(() -> {
            consumer.assign(List.of(MODELS_0));
            while (!thread.stopping()) {
                consumer.poll(Duration.ofMillis(100));
            }
        });
        thread.start();
        await().atMost(TIMEOUT).until(() -> !consumer.assignment().isEmpty());

        assertThat(thread.stop(TIMEOUT)).isTrue();

        assertThat(thread.isRunning()).isFalse();
        assertThat(consumer.closed()).isTrue();
        assertThat(failures).as("a wakeup the stop asked for is no failure").isEmpty();
    }

    @Test
    void shouldHandAnErrorOfTheReadingToTheFailureHandlerOnceAndEnd() {
        IllegalStateException deleted = new IllegalStateException("topic deleted");
        thread = follower(() -> {
            throw deleted;
        });
        thread.start();

        await().atMost(TIMEOUT).until(() -> !thread.isRunning());
        assertThat(failures).containsExactly(deleted);
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldTreatAWakeupNobodyAskedForAsAFailure() {
        thread = follower(() -> {
            consumer.assign(List.of(MODELS_0));
            consumer.wakeup();
            consumer.poll(Duration.ofMillis(100));
        });
        thread.start();

        await().atMost(TIMEOUT).until(() -> !thread.isRunning());
        assertThat(failures).singleElement().isInstanceOf(WakeupException.class);
        assertThat(consumer.closed()).isTrue();
    }

    private FollowerThread follower(Runnable reading) {
        return new FollowerThread(consumer, reading, failures::add, "follower-thread-test");
    }

    private static PartitionInfo partition(int number) {
        return new PartitionInfo("models", number, null, null, null);
    }
}
