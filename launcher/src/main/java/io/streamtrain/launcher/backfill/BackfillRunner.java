package io.streamtrain.launcher.backfill;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.streams.IngestTopology;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.streams.StreamsAppService;
import io.streamtrain.streams.backfill.BackfillRequest;
import io.streamtrain.streams.backfill.BackfillTally;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backfill: re-windows a {@link BackfillRange} of the input topic with the pipeline's own topology
 * ({@link IngestTopology#buildBackfill}) in this process, then waits for the running trainer to train the run's batches.
 *
 * <p>The run is a Kafka Streams application of its own, {@code <streams application id>-backfill-<runId>}, with a
 * temporary state directory: its consumer group starts at the range's first offsets (set before it starts) and never
 * touches the live streams-app's group, offsets or state. Its windows are written to {@code <p>.batches} as the run's
 * batches; the trainer, the only writer of model versions, trains them like any batch and records each model in
 * {@code <p>.model-history} with status {@code BACKFILL}, never on {@code <p>.models}. When the range is read and its
 * last windows have closed (they close after {@code idleClose} without records), the run stops, leaves its group and
 * deletes its group, internal topics and state.
 */
public final class BackfillRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

    /**
     * @param idleClose     how long without a record before the run's open windows close
     * @param windowTimeout longest time to read the range and close its windows
     * @param trainWait     longest time to wait for the trainer afterwards; zero does not wait
     */
    public record Settings(Duration idleClose, Duration windowTimeout, Duration trainWait) {
        public Settings {
            Objects.requireNonNull(idleClose, "idleClose");
            Objects.requireNonNull(windowTimeout, "windowTimeout");
            Objects.requireNonNull(trainWait, "trainWait");
            if (!idleClose.isPositive() || !windowTimeout.isPositive() || trainWait.isNegative()) {
                throw new IllegalArgumentException("idle close and window timeout must be positive and the train wait not negative, were "
                        + idleClose + ", " + windowTimeout + " and " + trainWait);
            }
        }
    }

    /**
     * What a run did.
     *
     * @param windows batch ids of the windows it closed, with their record counts
     * @param trained what the trainer made of them so far
     */
    public record Outcome(String runId, BackfillRange range, long read, long windowed, Map<String, Long> refused,
                          Map<String, Long> windows, List<TrainedWindow> trained) {

        /** True when the trainer has trained (or skipped) every window of the run. */
        public boolean complete() {
            return trained.size() == windows.size();
        }
    }

    private final PipelineConfig pipeline;
    private final Settings settings;
    private final PrintStream out;

    public BackfillRunner(PipelineConfig pipeline, Settings settings, PrintStream out) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** A new run id: the time in base 36, unique per run started once a millisecond at most. */
    public static String newRunId() {
        return Long.toString(System.currentTimeMillis(), 36);
    }

    /**
     * Re-windows {@code range} and waits for its models.
     *
     * @throws IllegalStateException if the run fails or does not finish its windows within the timeout
     */
    public Outcome run(String runId, BackfillRange range) throws InterruptedException, ExecutionException {
        Map<String, Object> clients = pipeline.kafka().properties();
        StreamsAppConfig live = new StreamsAppConfig(PipelineDefinition.of(pipeline));
        String applicationId = live.applicationId() + "-backfill-" + runId;
        Path stateDir = temporaryDirectory();
        StreamsAppConfig config = runConfig(applicationId, stateDir);
        BackfillRequest request = new BackfillRequest(runId, range.from(), range.to(), range.endOffsets(), settings.idleClose());
        BackfillTally tally = new BackfillTally();
        try (Admin admin = Admin.create(clients);
             RunEvents events = RunEvents.fromEnd(clients, pipeline.topics().events(), runId)) {
            admin.alterConsumerGroupOffsets(applicationId, startOffsets(range)).all().get();
            StreamsAppService service = new StreamsAppService(config, IngestTopology.BACKFILL_SERVICE_NAME,
                    options -> IngestTopology.buildBackfill(pipeline, options, request, tally), true);
            try {
                out.printf("Backfill run %s (application id %s) re-windows %,d offsets: %s%n", runId, applicationId, range.records(),
                        range.describe());
                service.start(START_TIMEOUT);
                awaitWindows(service, admin, applicationId, range, tally, events);
            } finally {
                service.close();
                cleanUp(admin, applicationId, stateDir);
            }
            awaitTraining(events);
            return new Outcome(runId, range, tally.read(), tally.windowed(), tally.refusedByReason(), events.windows(), events.trained());
        }
    }

    private StreamsAppConfig runConfig(String applicationId, Path stateDir) {
        return new StreamsAppConfig(PipelineDefinition.of(pipeline).with(Map.of(StreamsAppConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString())));
    }

    private static Map<TopicPartition, OffsetAndMetadata> startOffsets(BackfillRange range) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        range.startOffsets().forEach((partition, start) -> offsets.put(new TopicPartition(range.topic(), partition), new OffsetAndMetadata(start)));
        return offsets;
    }

    /** Until the run's group has committed past the range and every windowed record is in a closed window. */
    private void awaitWindows(StreamsAppService service, Admin admin, String applicationId, BackfillRange range, BackfillTally tally,
                              RunEvents events) throws InterruptedException, ExecutionException {
        long started = System.nanoTime();
        long deadline = started + settings.windowTimeout().toNanos();
        long nextReport = started;
        while (true) {
            events.poll();
            boolean readAll = committedPastRange(admin, applicationId, range);
            if (readAll && events.windowedRecords() == tally.windowed()) {
                report(range, tally, events, started);
                return;
            }
            if (!service.isHealthy()) {
                throw new IllegalStateException("the backfill run stopped before finishing its windows (Kafka Streams state "
                        + service.state() + "); see the log above");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the backfill run did not finish within " + settings.windowTimeout() + ": read "
                        + tally.read() + " of " + range.records() + " offsets, " + events.windowedRecords() + " of " + tally.windowed()
                        + " windowed records in closed windows (raise --timeout)");
            }
            if (System.nanoTime() - nextReport >= 0) {
                report(range, tally, events, started);
                nextReport = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
            }
        }
    }

    private static boolean committedPastRange(Admin admin, String applicationId, BackfillRange range)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        return range.endOffsets().entrySet().stream().allMatch(end -> {
            OffsetAndMetadata offset = committed.get(new TopicPartition(range.topic(), end.getKey()));
            return offset != null && offset.offset() >= end.getValue();
        });
    }

    private void report(BackfillRange range, BackfillTally tally, RunEvents events, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "  %3d%% | %,d of %,d offsets read, %,d records windowed, %,d refused | %d windows closed | %,.0f records/s%n",
                range.records() == 0 ? 100 : Math.min(100, tally.read() * 100 / range.records()), tally.read(), range.records(),
                tally.windowed(), tally.refused(), events.windows().size(), seconds > 0 ? tally.read() / seconds : 0);
    }

    private void awaitTraining(RunEvents events) {
        if (settings.trainWait().isZero() || events.windows().isEmpty()) {
            return;
        }
        out.printf("Waiting up to %ds for the trainer to train the run's %d windows ...%n", settings.trainWait().toSeconds(),
                events.windows().size());
        long deadline = System.nanoTime() + settings.trainWait().toNanos();
        int reported = 0;
        while (events.trained().size() < events.windows().size() && System.nanoTime() - deadline < 0) {
            events.poll();
            List<TrainedWindow> trained = events.trained();
            for (TrainedWindow outcome : trained.subList(reported, trained.size())) {
                out.println("  " + outcome.description());
            }
            reported = trained.size();
        }
    }

    private static void cleanUp(Admin admin, String applicationId, Path stateDir) {
        try {
            List<String> internal = admin.listTopics().names().get().stream().filter(name -> name.startsWith(applicationId + "-")).toList();
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get();
            }
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
        } catch (ExecutionException e) {
            LOG.warn("Could not delete the internal topics and consumer group of {}: {}", applicationId, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the state directory {} of {}: {}", stateDir, applicationId, e.toString());
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("streamtrain-backfill-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the backfill run", e);
        }
    }
}
