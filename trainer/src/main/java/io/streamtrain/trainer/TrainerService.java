package io.streamtrain.trainer;

import io.streamtrain.core.metrics.KafkaMeters;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.service.KafkaReachability;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.ml.gate.GateConfig;
import io.streamtrain.ml.gate.PromotionGate;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.ml.train.TrainingSource;
import io.streamtrain.ml.train.WarmStart;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.trainer.batch.BatchLimits;
import io.streamtrain.trainer.champion.ChampionTracker;
import io.streamtrain.trainer.champion.ModelsTopicWatch;
import io.streamtrain.trainer.horizon.HorizonRetention;
import io.streamtrain.trainer.publish.ModelPublisher;
import io.streamtrain.trainer.publish.PublisherFailedException;
import io.streamtrain.trainer.publish.VersionLedger;
import io.streamtrain.trainer.trial.TrialDecider;
import io.streamtrain.trainer.trial.TrialEvidence;
import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.trainer.transientmode.TransientOutputs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer of one pipeline: turns every complete micro-batch on {@code <p>.batches} into a model version
 * on {@code <p>.models} (compacted, keyed by pipeline name: the current model) and {@code <p>.model-history}
 * (every version, keyed {@code <pipeline>:<19-digit version>}), or into a {@code BATCH_SKIPPED} event.
 *
 * <p>In transient mode ({@code pipeline.mode=transient}) no model is stored: each batch's throw-away model scores the
 * batch's unlabelled records (input records without a label and score requests), and the predictions go to
 * {@code <p>.predictions} with a {@code MODEL_TRAINED} event in the same transaction as the batch's offsets; a batch
 * that makes no model dead-letters those records with reason {@code unscored} (see {@link TransientOutputs}).
 *
 * <h2>Exactly once</h2>
 * The batches are read with {@code read_committed} and no automatic offset commits. Each outcome is published
 * in one transaction that also commits the batch's offsets ({@code sendOffsetsToTransaction} with the
 * consumer's group metadata): the envelope on both model topics and a {@code MODEL_PUBLISHED} event, or a
 * {@code BATCH_SKIPPED} event. A crash before the commit aborts the transaction, and the batch is read and
 * trained again. The committed offset is the manifest's offset + 1, held back to the first message of any
 * batch still incomplete in the partition; batches that finished beyond it are named in the offset metadata
 * and not trained twice.
 *
 * <h2>Versions</h2>
 * Versions are 1, 2, 3, ... without gaps or reuse, also across restarts: at start the trainer fences older
 * instances with its transactional id ({@link TrainerConfig#TRANSACTIONAL_ID_CONFIG}), then reads the model
 * history to its end and continues after its highest version. A batch that makes no model uses no version.
 * One trainer is active per pipeline: a second instance with the same transactional id fences the first,
 * which stops.
 *
 * <h2>Threads</h2>
 * One consumer thread polls continuously, assembles batches and publishes; fits run on
 * {@link TrainerConfig#THREADS_CONFIG} training threads through a {@link ModelTrainer}. A partition is paused
 * while its batch trains, so memory stays bounded and a slow fit never stops polling.
 *
 * <h2>Failures</h2>
 * The service never stops on data: unreadable messages, incomplete or oversized batches, failing fits and
 * envelopes too large to publish are logged, reported as {@code BATCH_SKIPPED} events with the reason and
 * committed. Kafka errors follow {@code TransactionErrorPolicy}: {@code ABORT_AND_RETRY} aborts the transaction and
 * the batch is trained again. It stops, and {@link #isHealthy()} turns false with {@link #failure()} saying why, on
 * {@code STOP} (for example fenced by another instance) and {@code REPLACE_CLIENTS} (a new producer needs a fresh read
 * of the version ledger, which is part of the start), and when a fit throws an {@link Error}.
 */
public final class TrainerService extends PipelineService {

    /** The service's name in logs and events. */
    public static final String NAME = "trainer";

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final PipelineConfig pipeline;
    private final TrainerConfig config;
    private final ModelTrainer trainer;
    private final TrainerClients clients;
    private final TrainerEvents events;
    private final KafkaMeters meters;
    private final ModelSigner signer;
    private final ModelVerifier verifier;
    private final PromotionGate gate;
    private final Clock clock;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile Thread thread;
    private volatile KafkaReachability reachability;
    private volatile boolean running;
    private volatile Throwable failure;

    /**
     * A trainer that is not started yet; no connection is made here.
     *
     * @param trainer fits one batch; in production {@code new BatchTrainer()::train}
     * @param clock   stamps the trainer's events and, in transient mode, its predictions
     * @throws ConfigException when the settings contradict each other or what exactly-once publication needs;
     *                         the message names the key to change
     */
    public TrainerService(TrainerConfig config, ModelTrainer trainer, Clock clock) {
        super(NAME, config.pipeline().pipelineName());
        this.pipeline = config.pipeline();
        this.config = config;
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        String name = pipeline.pipelineName();
        this.clients = new TrainerClients(config.kafka(), name, config.groupId(), config.transactionalId());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = new TrainerEvents(new PipelineEvents(name, NAME, clock));
        this.meters = new KafkaMeters(name, NAME);
        TrustConfig trust = new TrustConfig(config.originals());
        // A transient pipeline neither publishes nor compares with a stored model: its trainer needs no key.
        boolean transientMode = pipeline.mode() == PipelineMode.TRANSIENT;
        this.signer = transientMode ? ModelSigner.unsigned() : trust.signer();
        this.verifier = transientMode ? ModelVerifier.refuseAll(PipelineConfig.PIPELINE_MODE_CONFIG
                + "=transient: the trainer uses no stored model") : trust.verifier();
        this.gate = new GateConfig(config.originals()).gate();
        if (!signer.signs() && pipeline.mode() == PipelineMode.CONTINUOUS) {
            LOG.warn("Trainer of pipeline {} publishes unsigned models ({}=off): scorers that require signatures will "
                    + "refuse them", name, TrustConfig.SIGNATURES_CONFIG);
        }
    }

    /**
     * Connects, fences older instances, reads the model history and joins the consumer group, on the trainer's thread.
     *
     * @return completes once the trainer polls; fails with the reason it could not start
     */
    @Override
    protected CompletableFuture<?> open(Duration timeout) {
        reachability = KafkaReachability.start(NAME + "-" + pipeline.pipelineName(), config.kafka().over(Map.of()),
                pipeline.kafkaUnreachableAfter());
        thread = Thread.ofPlatform().name("streamtrain-trainer-" + pipeline.pipelineName()).daemon(true)
                .start(() -> run(timeout));
        return started;
    }

    @Override
    protected String notRunningYet() {
        return "the trainer was still connecting, fencing older instances or reading the model history";
    }

    @Override
    public boolean isHealthy() {
        return isOpen() && running && failure == null;
    }

    /** Healthy, and Kafka was reached within {@code health.kafka.unreachable.ms}. */
    @Override
    public boolean isReady() {
        KafkaReachability kafka = reachability;
        return isHealthy() && kafka != null && kafka.reachable();
    }

    /** Why the trainer stopped on its own; empty while it runs or after a requested stop. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops polling, waits up to {@link TrainerConfig#SHUTDOWN_TIMEOUT_MS_CONFIG} for running fits to finish and
     * be published, abandons the others (their batches stay uncommitted), publishes {@code SERVICE_STOPPED} and
     * leaves the group; returns after that timeout plus three client closes at most, or after 2 s when Kafka has been
     * out of reach for {@code health.kafka.unreachable.ms} (nothing could be published).
     */
    @Override
    protected void release() {
        stopRequested.set(true);
        KafkaReachability kafka = reachability;
        Duration patience = config.shutdownTimeout().plus(CLIENT_CLOSE_TIMEOUT.multipliedBy(3));
        if (kafka != null) {
            // Without Kafka no fit can be published and no client flushed: the loop thread, a daemon, is left to end.
            patience = kafka.closeTimeout(patience);
            kafka.close();
        }
        Thread loopThread = thread;
        if (loopThread == null || loopThread == Thread.currentThread()) {
            return;
        }
        try {
            if (!loopThread.join(patience)) {
                LOG.warn("The trainer of pipeline {} did not stop within {} ms", pipeline.pipelineName(),
                        patience.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Duration startTimeout) {
        TrainerLoop loop = null;
        try {
            loop = openLoop(startTimeout);
            running = true;
            started.complete(null);
            loop.run(stopRequested::get, config.shutdownTimeout());
        } catch (PublisherFailedException e) {
            failure = e;
            if (e.fenced()) {
                LOG.error("The trainer of pipeline {} was fenced: another trainer with transactional id {} took over; "
                        + "this one stops", pipeline.pipelineName(), config.transactionalId(), e);
            } else {
                LOG.error("The trainer of pipeline {} cannot publish any more and stops", pipeline.pipelineName(), e);
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("The trainer of pipeline {} failed and stops", pipeline.pipelineName(), t);
        } finally {
            running = false;
            if (loop != null) {
                loop.close(CLIENT_CLOSE_TIMEOUT);
            }
            meters.close();
            started.completeExceptionally(failure != null ? failure
                    : new IllegalStateException("closed while starting"));
        }
    }

    /**
     * Opens the clients, reads the history and subscribes. A failure at any step closes every client opened before it,
     * so a start that fails leaves nothing behind.
     */
    private TrainerLoop openLoop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String name = pipeline.pipelineName();
        PipelineTopics topics = pipeline.topics();
        ModelPublisher publisher = new ModelPublisher(meters.bind(new KafkaProducer<>(clients.producer())), topics, name,
                Math.min(config.modelMaxBytes(), clients.maxEnvelopeBytes()), signer);
        ModelsTopicWatch modelsWatch = null;
        Optional<TrialDecider> trials = Optional.empty();
        try {
            ChampionTracker champions = new ChampionTracker(name, verifier);
            trials = trialDecider();
            Optional<TrialDecider> decider = trials;
            modelsWatch = new ModelsTopicWatch(new KafkaConsumer<>(clients.modelsConsumer()), topics.models(), record -> {
                champions.apply(record);
                decider.ifPresent(d -> d.apply(record));
            });
            requireRetentionKeepsHorizon(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            publisher.initialize();
            VersionLedger ledger = readLedger(topics, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            modelsWatch.catchUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            publisher.publishEvent(events.started(config.groupId(), config.transactionalId(),
                    ledger.nextVersion()));
            LOG.info("Trainer of pipeline {} started in {} mode: group {}, transactional id {}, next version {}, champion {}, gate {}",
                    name, pipeline.mode().key(), config.groupId(), config.transactionalId(), ledger.nextVersion(),
                    champions.champion().map(c -> "version " + c.version()).orElse("none"), gate);
            return subscribe(publisher, ledger, champions, modelsWatch, trials);
        } catch (RuntimeException e) {
            publisher.close(CLIENT_CLOSE_TIMEOUT);
            if (modelsWatch != null) {
                modelsWatch.close();
            }
            trials.ifPresent(TrialDecider::close);
            throw e;
        }
    }

    /** The decider of the pipeline's trials under deploy.strategy shadow or canary; none in transient mode. */
    private Optional<TrialDecider> trialDecider() {
        DeploySettings deploy = pipeline.deploy();
        if (!deploy.triesChallengers() || pipeline.mode() == PipelineMode.TRANSIENT) {
            return Optional.empty();
        }
        PipelineTopics topics = pipeline.topics();
        TrialEvidence evidence = new TrialEvidence(new KafkaConsumer<>(clients.trialEvidenceConsumer()),
                List.of(topics.predictions(), topics.shadowPredictions()), topics.records(), pipeline.inputDecoder(),
                new FeatureExtractor(pipeline.featureSpec()));
        return Optional.of(new TrialDecider(pipeline.pipelineName(), verifier, deploy, evidence, clock));
    }

    /** Refuses to start when the batches topic would delete a horizon's windows before it could be rebuilt. */
    private void requireRetentionKeepsHorizon(Duration timeout) {
        if (!pipeline.horizon().spansWindows()) {
            return;
        }
        String topic = pipeline.topics().batches();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        long retentionMs;
        try (Admin admin = Admin.create(clients.admin())) {
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
            retentionMs = Long.parseLong(entry.value());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic " + topic + " does not exist; create the pipeline's topics before starting the trainer", e);
            }
            throw new IllegalStateException("could not read retention.ms of topic " + topic + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not read retention.ms of topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading retention.ms of topic " + topic, e);
        }
        HorizonRetention.problem(pipeline.horizon(), pipeline.windowSize(), topic, retentionMs).ifPresent(problem -> {
            throw new ConfigException(problem);
        });
    }

    private VersionLedger readLedger(PipelineTopics topics, Duration timeout) {
        try (KafkaConsumer<String, byte[]> history = new KafkaConsumer<>(clients.historyConsumer())) {
            return VersionLedger.read(history, topics.modelHistory(), pipeline.pipelineName(), timeout);
        }
    }

    /** The loop over the batches topic; the batch consumer is closed again if the loop cannot be made. */
    private TrainerLoop subscribe(ModelPublisher publisher, VersionLedger ledger, ChampionTracker champions,
                                  ModelsTopicWatch modelsWatch, Optional<TrialDecider> trials) {
        String name = pipeline.pipelineName();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.batchConsumer());
        TrainingScheduler scheduler = null;
        try {
            meters.bind(consumer);
            boolean transientMode = pipeline.mode() == PipelineMode.TRANSIENT;
            // A transient model is never promoted, so it needs no gate and no comparison with a champion.
            ModelTrainer fits = transientMode ? trainer : new GatedTrainer(trainer, gate, champions);
            scheduler = new TrainingScheduler(new GuardedTrainer(fits), requests(champions),
                    config.threads(), "streamtrain-trainer-" + name + "-fit-");
            BatchIntake intake = new BatchIntake(consumer,
                    new BatchLimits(config.batchMaxRecords(), config.batchMaxPending(), config.windowAssemblyTimeout()),
                    pipeline.horizon());
            TrainerLoop loop = new TrainerLoop(name, consumer, publisher, ledger, scheduler, events, intake,
                    config.pollTimeout(), champions, modelsWatch, transientMode
                            ? Optional.of(new TransientOutputs(pipeline.topics(), pipeline.predictionFormat(), clock))
                            : Optional.empty(), trials);
            consumer.subscribe(List.of(pipeline.topics().batches()), loop);
            return loop;
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            consumer.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
            throw e;
        }
    }

    /** Requests that start from the champion known when each is made, with {@code train.warm.start}. */
    private TrainingScheduler.Requests requests(ChampionTracker champions) {
        TrainingSettings settings = TrainingSettings.from(pipeline);
        return (batch, horizon, version) -> new TrainingRequest(pipeline.pipelineName(), version, pipeline.featureSpec(),
                settings, batch.batchId(), new TrainingSource.Window(batch.manifest()), batch.records(), horizon.rows(settings.seed()), warmStart(champions));
    }

    private WarmStart warmStart(ChampionTracker champions) {
        return pipeline.warmStart()
                ? champions.champion().map(c -> WarmStart.from(c, pipeline.featureSpec().definitions())).orElse(WarmStart.none())
                : WarmStart.none();
    }
}
