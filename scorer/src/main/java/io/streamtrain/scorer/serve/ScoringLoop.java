package io.streamtrain.scorer.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.core.transactions.TransactionErrorPolicy;
import io.streamtrain.core.transactions.TransactionErrorPolicy.Action;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-transform-produce loop of the scorer, on its own thread, exactly once (KIP-447).
 *
 * <p>One transactional producer per scorer instance; the requests consumer reads {@code read_committed} in a
 * consumer group. Each poll's batch is one transaction: its predictions, its shadow predictions during a trial, its dead letters and the batch's
 * offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata) commit together or not at
 * all, so a request is answered exactly once even across crashes and rebalances. Every batch is scored with
 * the models read from {@link CurrentModel} when the batch starts (the champion and, during a trial, the challenger:
 * {@link ServedModels}), so a hot swap never fails a request and never mixes versions within a batch.
 *
 * <p>Until the first model is loaded the loop does not subscribe: requests wait in the topic (their
 * consumer group has nothing to lose) and are all answered once a model arrives.
 *
 * <p>Failure policy: Kafka errors are classified by {@link TransactionErrorPolicy}, shared with the trainer:
 * <ul>
 *   <li>{@code STOP}: the loop stops and the service turns unhealthy;</li>
 *   <li>{@code REPLACE_CLIENTS}: both clients are closed and created again after a growing pause, and consumption
 *       resumes from the committed offsets (also when {@code initTransactions} fails for another reason, for
 *       example a timeout while the broker is unreachable);</li>
 *   <li>{@code ABORT_AND_RETRY}: the transaction is aborted, the consumer rewinds to the batch's first offsets and
 *       the batch is retried after a growing pause.</li>
 * </ul>
 * Bad requests are never errors here: {@link RequestScorer} dead-letters them inside the transaction.
 *
 * <p>Stopping finishes the transaction in progress, then closes both clients. Rebalances happen only inside
 * {@code poll}, between transactions, so a revoked partition never has uncommitted work.
 */
public final class ScoringLoop {

    /**
     * Header on every record the loop produces (predictions and dead letters): the id of the scorer instance
     * that scored it, so a consumer can tell which instance, and so which model history, answered a request.
     */
    public static final String INSTANCE_HEADER = "streamtrain.scorer.instance";

    private static final Logger LOG = LoggerFactory.getLogger(ScoringLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STILL_WAITING_INTERVAL = Duration.ofMinutes(1);
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(10);

    private final String pipeline;
    private final String requestsTopic;
    private final CurrentModel current;
    private final RequestScorer scorer;
    private final byte[] instanceId;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Duration closeTimeout;
    private final Timer latency;
    private final Counter predictions;
    private final Counter deadLettered;
    private final Thread thread;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private volatile Consumer<byte[], byte[]> consumer;
    private int consecutiveFailures;

    /**
     * @param instanceId   this scorer instance, stamped on every produced record as {@value #INSTANCE_HEADER}
     * @param consumers    creates the requests consumer: group member, {@code read_committed}, no auto-commit
     * @param producers    creates the transactional producer
     * @param closeTimeout how long closing each client may take when the loop ends
     * @param threadName   name of the loop's thread
     */
    public ScoringLoop(String pipeline, String requestsTopic, CurrentModel current, RequestScorer scorer, String instanceId,
                       Supplier<Consumer<byte[], byte[]>> consumers, Supplier<Producer<byte[], byte[]>> producers,
                       Duration closeTimeout, String threadName) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.requestsTopic = Objects.requireNonNull(requestsTopic, "requestsTopic");
        this.current = Objects.requireNonNull(current, "current");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId").getBytes(StandardCharsets.UTF_8);
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.producers = Objects.requireNonNull(producers, "producers");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.latency = StreamtrainMeters.scoringLatency(pipeline, instanceId, "topic");
        this.predictions = StreamtrainMeters.predictions(pipeline, instanceId, "topic");
        this.deadLettered = StreamtrainMeters.deadLettered(pipeline, "scorer");
        this.thread = Thread.ofPlatform().name(threadName).daemon(false).unstarted(this::run);
    }

    /** Starts the loop's thread. */
    public void start() {
        thread.start();
    }

    /**
     * Completes once the transactional producer is initialised (the loop may still be waiting for the first
     * model); completes exceptionally if the loop fails or stops before. Each call returns a new future.
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** True while the loop's thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Asks the loop to stop after the transaction in progress and waits at most {@code timeout}. If the
     * thread is still running then, it is interrupted, which ends any blocking client call; an open transaction
     * is then aborted by the broker once the transaction timeout passes.
     *
     * @return whether the loop ended within {@code timeout}
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopRequested.complete(null);
        Consumer<byte[], byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup();
        }
        if (!thread.isAlive() || thread.join(timeout)) {
            return true;
        }
        LOG.warn("Scoring loop of {} did not stop within {}; interrupting it", pipeline, timeout);
        thread.interrupt();
        return false;
    }

    private void run() {
        try {
            while (!stopping()) {
                runClients();
            }
        } catch (RuntimeException | Error e) {
            if (stopping()) {
                LOG.warn("Scoring loop of {} ended while stopping: {}", pipeline, e.toString());
            } else {
                LOG.error("Scoring loop of {} failed; requests stay in {} until a scorer consumes them", pipeline, requestsTopic, e);
            }
            ready.completeExceptionally(e);
        } finally {
            ready.completeExceptionally(new IllegalStateException("scoring loop of " + pipeline + " stopped"));
        }
    }

    /** Runs one pair of clients until stop is requested or they must be replaced. */
    private void runClients() {
        Producer<byte[], byte[]> producer = producers.get();
        Consumer<byte[], byte[]> requests = consumers.get();
        consumer = requests;
        boolean restart = false;
        try {
            initTransactions(producer);
            ready.complete(null);
            if (awaitFirstModel()) {
                requests.subscribe(List.of(requestsTopic), new RebalanceLog());
                while (!stopping()) {
                    pollAndScore(requests, producer);
                }
            }
        } catch (ClientsMustRestart e) {
            LOG.warn("Restarting the scoring clients of {} after: {}", pipeline, e.getCause().toString());
            restart = true;
        } finally {
            consumer = null;
            close(requests, producer);
        }
        if (restart) {
            pauseBeforeRetry();
        }
    }

    /** Registers the transactional id, fencing any earlier producer with it and finishing its open transaction. */
    private void initTransactions(Producer<byte[], byte[]> producer) {
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            if (TransactionErrorPolicy.classify(e).action() == Action.STOP) {
                throw e;
            }
            // For example a timeout while the broker is unreachable: new clients try again after a pause.
            throw new ClientsMustRestart(e);
        }
    }

    private boolean awaitFirstModel() {
        CompletableFuture<ScoringModel> first = current.firstModel();
        if (first.isDone()) {
            return true;
        }
        LOG.info("Waiting for the first model of {}; score requests wait in {} until a model is loaded", pipeline, requestsTopic);
        while (!stopping()) {
            if (awaitOrStop(first, STILL_WAITING_INTERVAL)) {
                LOG.info("First model of {} loaded; scoring requests from {}", pipeline, requestsTopic);
                return true;
            }
            if (!stopping()) {
                LOG.info("Still waiting for the first model of {}", pipeline);
            }
        }
        return false;
    }

    private void pollAndScore(Consumer<byte[], byte[]> requests, Producer<byte[], byte[]> producer) {
        ConsumerRecords<byte[], byte[]> batch;
        try {
            batch = requests.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            return; // stop() woke the poll; the caller sees the stop request
        }
        if (batch.isEmpty()) {
            return;
        }
        // One read of the references per batch: the whole batch is scored by this snapshot, even if a swap happens meanwhile.
        ServedModels models = ServedModels.of(current).orElseThrow();
        try {
            producer.beginTransaction();
            long started = System.nanoTime();
            List<ProducerRecord<byte[], byte[]>> outputs = scorer.scoreAll(batch, models);
            recordLatency(System.nanoTime() - started, batch.count());
            for (ProducerRecord<byte[], byte[]> out : outputs) {
                out.headers().add(INSTANCE_HEADER, instanceId);
                producer.send(out);
                if (scorer.isPrediction(out)) {
                    predictions.increment();
                } else if (scorer.isDeadLetter(out)) {
                    deadLettered.increment();
                }
            }
            producer.sendOffsetsToTransaction(nextOffsets(batch), requests.groupMetadata());
            producer.commitTransaction();
            consecutiveFailures = 0;
        } catch (KafkaException e) {
            handleTransactionFailure(e, requests, producer, batch);
        }
    }

    /** The batch's requests are scored together, so each counts the batch's mean time per request. */
    private void recordLatency(long batchNanos, int requests) {
        long perRequest = batchNanos / requests;
        for (int i = 0; i < requests; i++) {
            latency.record(perRequest, TimeUnit.NANOSECONDS);
        }
    }

    private void handleTransactionFailure(KafkaException e, Consumer<byte[], byte[]> requests,
                                          Producer<byte[], byte[]> producer, ConsumerRecords<byte[], byte[]> batch) {
        switch (TransactionErrorPolicy.classify(e).action()) {
            case STOP -> throw e;
            case REPLACE_CLIENTS -> throw new ClientsMustRestart(e);
            case ABORT_AND_RETRY -> abortAndRetry(e, requests, producer, batch);
        }
    }

    private void abortAndRetry(KafkaException e, Consumer<byte[], byte[]> requests, Producer<byte[], byte[]> producer,
                               ConsumerRecords<byte[], byte[]> batch) {
        LOG.warn("Aborting the transaction of {} requests of {} and retrying them: {}", batch.count(), pipeline, e.toString());
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            if (TransactionErrorPolicy.classify(abortFailure).action() == Action.STOP) {
                throw abortFailure;
            }
            throw new ClientsMustRestart(abortFailure);
        }
        rewind(requests, batch);
        pauseBeforeRetry();
    }

    /** Seeks every partition of the batch back to the batch's first offset there, the last committed position. */
    private static void rewind(Consumer<byte[], byte[]> requests, ConsumerRecords<byte[], byte[]> batch) {
        var assigned = requests.assignment();
        for (TopicPartition partition : batch.partitions()) {
            if (assigned.contains(partition)) {
                requests.seek(partition, batch.records(partition).getFirst().offset());
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            offsets.put(partition, new OffsetAndMetadata(batch.records(partition).getLast().offset() + 1));
        }
        return offsets;
    }

    private void pauseBeforeRetry() {
        consecutiveFailures++;
        long millis = Math.min(MAX_RETRY_PAUSE.toMillis(), FIRST_RETRY_PAUSE.toMillis() << Math.min(consecutiveFailures - 1, 16));
        awaitOrStop(new CompletableFuture<>(), Duration.ofMillis(millis));
    }

    /** Waits until {@code awaited} completes, a stop is requested or {@code timeout} passes; true if awaited completed. */
    private boolean awaitOrStop(CompletableFuture<?> awaited, Duration timeout) {
        try {
            CompletableFuture.anyOf(awaited, stopRequested).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Timed out, or the awaited future failed: either way the caller looks at awaited itself.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.complete(null);
        }
        return awaited.isDone() && !awaited.isCompletedExceptionally() && !stopping();
    }

    private boolean stopping() {
        return stopRequested.isDone();
    }

    private void close(Consumer<byte[], byte[]> requests, Producer<byte[], byte[]> producer) {
        try {
            requests.close(CloseOptions.timeout(closeTimeout));
        } catch (RuntimeException e) {
            LOG.warn("Closing the requests consumer of {} failed: {}", pipeline, e.toString());
        }
        try {
            producer.close(closeTimeout);
        } catch (RuntimeException e) {
            LOG.warn("Closing the transactional producer of {} failed: {}", pipeline, e.toString());
        }
    }

    private final class RebalanceLog implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("Scoring requests of {} from partitions {}", pipeline, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to commit: every batch commits its own transaction before the next poll.
            if (!partitions.isEmpty()) {
                LOG.info("Handing over request partitions {} of {}", partitions, pipeline);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("Lost request partitions {} of {}; their uncommitted work is redone by their new owner", partitions, pipeline);
        }
    }

    /** The producer must be replaced; carries the error that said so. */
    private static final class ClientsMustRestart extends RuntimeException {
        ClientsMustRestart(Throwable cause) {
            super(cause);
        }
    }
}
