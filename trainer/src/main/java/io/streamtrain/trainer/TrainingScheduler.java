package io.streamtrain.trainer;

import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.trainer.batch.AssembledBatch;
import io.streamtrain.trainer.horizon.HorizonSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs fits off the consumer thread and hands back their outcomes in publication order.
 *
 * <p>Versions must be published 1, 2, 3, ... without gaps, yet a fit needs its version before it starts (the
 * envelope carries it) and only its end tells whether it makes a model. So each fit is started with the version
 * it gets if every earlier running fit makes a model, and outcomes are handed out in start order. When an earlier
 * fit turns out to make no model, later ones were trained with a version one too high: a finished one is trained
 * again with the right version before it is handed out. With one thread (the default) no fit ever waits or
 * repeats.
 *
 * <p>Used on the consumer thread only; the fits run on the scheduler's own daemon threads.
 */
final class TrainingScheduler {

    /** A fit's outcome, ready to publish. */
    record Finished(TopicPartition partition, AssembledBatch batch, long version, TrainingOutcome outcome) {
        Finished {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(batch, "batch");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Builds the request to train a batch on its horizon with a version; called on the fit's thread. */
    @FunctionalInterface
    interface Requests {
        TrainingRequest of(AssembledBatch batch, HorizonSnapshot horizon, long version);
    }

    private record Waiting(TopicPartition partition, AssembledBatch batch, HorizonSnapshot horizon) {
    }

    private record Fit(TopicPartition partition, AssembledBatch batch, HorizonSnapshot horizon, long version,
                       Future<TrainingOutcome> future) {
    }

    private final GuardedTrainer trainer;
    private final Requests requests;
    private final int threads;
    private final ExecutorService executor;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    /** Fits in start order; the head is published first. */
    private final List<Fit> fits = new ArrayList<>();

    /**
     * @param requests builds the request for a batch, its horizon and a version
     * @param threads  fits running at once
     * @param name     prefix of the training threads' names
     */
    TrainingScheduler(GuardedTrainer trainer, Requests requests, int threads,
                      String name) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.threads = threads;
        this.executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(name, 1).daemon(true).factory());
    }

    /** Queues a complete batch with the horizon it trains on; {@link #startFits} starts it when a thread is free. */
    void submit(TopicPartition partition, AssembledBatch batch, HorizonSnapshot horizon) {
        waiting.add(new Waiting(partition, batch, horizon));
    }

    /** Starts waiting batches while threads are free; {@code nextVersion} is the ledger's next version. */
    void startFits(long nextVersion) {
        while (fits.size() < threads && !waiting.isEmpty()) {
            Waiting next = waiting.poll();
            fits.add(start(next.partition(), next.batch(), next.horizon(), versionAfter(fits.size(), nextVersion)));
        }
    }

    /**
     * The next outcome to publish, if the earliest-started fit has finished with the right version.
     *
     * @param nextVersion the ledger's next version; a model outcome handed out carries exactly this version
     * @throws Error the {@link Error} a fit ended with
     */
    Optional<Finished> nextFinished(long nextVersion) {
        retrainStale(nextVersion);
        if (fits.isEmpty() || !fits.getFirst().future().isDone()) {
            return Optional.empty();
        }
        Fit head = fits.removeFirst();
        return Optional.of(new Finished(head.partition(), head.batch(), head.version(), outcomeOf(head)));
    }

    /** Forgets the batches of {@code partitions}: waiting ones are dropped, running fits are interrupted. */
    void drop(Collection<TopicPartition> partitions) {
        waiting.removeIf(w -> partitions.contains(w.partition()));
        fits.removeIf(fit -> {
            boolean dropped = partitions.contains(fit.partition());
            if (dropped) {
                fit.future().cancel(true);
            }
            return dropped;
        });
    }

    /** True while a fit runs or waits for publication. */
    boolean fitting() {
        return !fits.isEmpty();
    }

    /** Interrupts every fit and stops the threads; their outcomes are never handed out. */
    void shutdownNow() {
        waiting.clear();
        fits.forEach(fit -> fit.future().cancel(true));
        fits.clear();
        executor.shutdownNow();
    }

    private Fit start(TopicPartition partition, AssembledBatch batch, HorizonSnapshot horizon, long version) {
        return new Fit(partition, batch, horizon, version,
                executor.submit(() -> trainer.train(requests.of(batch, horizon, version))));
    }

    /**
     * The version the fit at {@code index} gets if every earlier fit that may still make a model does.
     */
    private long versionAfter(int index, long nextVersion) {
        long version = nextVersion;
        for (Fit fit : fits.subList(0, index)) {
            if (mayMakeModel(fit)) {
                version++;
            }
        }
        return version;
    }

    private void retrainStale(long nextVersion) {
        for (int i = 0; i < fits.size(); i++) {
            Fit fit = fits.get(i);
            long version = versionAfter(i, nextVersion);
            if (fit.future().isDone() && outcomeOf(fit) instanceof TrainingOutcome.Trained && fit.version() != version) {
                fits.set(i, start(fit.partition(), fit.batch(), fit.horizon(), version));
            }
        }
    }

    private static boolean mayMakeModel(Fit fit) {
        return !fit.future().isDone() || outcomeOf(fit) instanceof TrainingOutcome.Trained;
    }

    private static TrainingOutcome outcomeOf(Fit fit) {
        try {
            return fit.future().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a finished fit", e);
        } catch (ExecutionException e) {
            // GuardedTrainer turns every exception into an outcome, so only an Error gets here.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("fit of batch " + fit.batch().batchId() + " failed", e.getCause());
        }
    }
}
