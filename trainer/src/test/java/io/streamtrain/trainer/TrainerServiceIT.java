package io.streamtrain.trainer;

import static io.streamtrain.trainer.TestBatches.batch;
import static io.streamtrain.trainer.TestBatches.chunk;
import static io.streamtrain.trainer.TestBatches.manifest;
import static io.streamtrain.trainer.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.streamtrain.broker.testing.ClassBroker;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.WindowPart;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.trainer.publish.PublisherFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainerServiceIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * Three hundred fully grown trees: on 12,000 noisy rows a serialized forest and an ONNX graph of over 15 MB each,
     * together under the envelope limit (600 such trees are 86 MB): the size of forest the model registry must carry.
     */
    private static final int FOREST_TREES = 300;
    /**
     * The forest's fit takes about 15 s on two idle cores, its ONNX export and check a few more; a busy machine takes
     * several times longer.
     */
    private static final Duration FOREST_PATIENCE = Duration.ofMinutes(3);

    @RegisterExtension
    static final ClassBroker BROKER = new ClassBroker();

    @Test
    void shouldPublishVersionsOneTwoThreeWithLineageAndContinueAtFourAfterARestart() throws Exception {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "versions")) {
            String p = pipeline.name();
            FakeTrainer first = new FakeTrainer();
            try (TrainerService trainer = pipeline.startedTrainer(first)) {
                List<CleanRecord> records = records("b1", 30);
                // Chunks out of index order, one of them twice: neither may change the batch.
                pipeline.produce(List.of(chunk(p, "b1", 1, records.subList(15, 30)), chunk(p, "b1", 0,
                        records.subList(0, 15)), chunk(p, "b1", 1, records.subList(15, 30)), manifest(p, "b1", 2, 30, 1)));
                pipeline.produce(batch(p, "b2", 40, 3, 2));
                pipeline.produce(batch(p, "b3", 50, 1, 3));

                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 3);
                assertThat(trainer.isHealthy()).isTrue();
            }
            List<ModelEnvelope> history = pipeline.history();
            assertThat(history).extracting(ModelEnvelope::getVersion).containsExactly(1L, 2L, 3L);
            assertThat(history).extracting(e -> e.getLineage().getBatchId()).containsExactly("b1", "b2", "b3");
            assertThat(history).extracting(e -> e.getLineage().getRecordCount()).containsExactly(30L, 40L, 50L);
            assertThat(history.getFirst().getLineage().getWindowStart()).isEqualTo(TestBatches.WINDOW_START.plusSeconds(60));
            assertThat(pipeline.historyKeys()).containsExactly(p + ":0000000000000000001", p + ":0000000000000000002",
                    p + ":0000000000000000003");
            assertThat(pipeline.models()).extracting(ModelEnvelope::getVersion).containsExactly(1L, 2L, 3L);
            assertThat(pipeline.events(EventType.MODEL_PUBLISHED)).extracting(e -> e.getAttributes().get("version"))
                    .containsExactly("1", "2", "3");
            assertThat(first.requests().getFirst().records()).containsExactlyElementsOf(records("b1", 30));
            assertThat(pipeline.committedOffset()).isEqualTo(pipeline.afterLastBatchMessage());

            FakeTrainer second = new FakeTrainer();
            try (TrainerService restarted = pipeline.startedTrainer(second)) {
                pipeline.produce(batch(p, "b4", 20, 2, 4));

                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 4);
            }
            assertThat(pipeline.history().getLast().getVersion()).isEqualTo(4);
            assertThat(pipeline.history().getLast().getLineage().getBatchId()).isEqualTo("b4");
            assertThat(second.requests()).extracting(r -> r.batchId()).containsExactly("b4");
            assertThat(pipeline.events(EventType.SERVICE_STARTED)).extracting(e -> e.getAttributes().get("nextVersion"))
                    .containsExactly("1", "4");
            assertThat(pipeline.events(EventType.SERVICE_STOPPED)).hasSize(2);
        }
    }

    @Test
    void shouldNeitherRepeatNorSkipAVersionWhenCrashingBetweenTrainingAndPublishing() throws Exception {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "crash")) {
            String p = pipeline.name();
            try (TrainerService trainer = pipeline.startedTrainer(new FakeTrainer())) {
                pipeline.produce(batch(p, "b1", 20, 1, 1));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 1);
            }

            // Closed mid-fit: the fit is abandoned after the shutdown timeout and nothing of b2 is published.
            FakeTrainer stuck = new FakeTrainer().blockOn("b2");
            TrainerService closedMidFit = pipeline.trainer(stuck, Map.of(TrainerConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, "100"));
            closedMidFit.start(PATIENCE);
            pipeline.produce(batch(p, "b2", 20, 1, 2));
            await().atMost(PATIENCE).until(() -> stuck.requestsFor("b2") == 1);
            closedMidFit.close();
            assertThat(pipeline.historyVersions()).containsExactly(1L);

            // A trainer that died after sending version 2 but before committing: its transaction stays open.
            KafkaProducer<String, byte[]> zombie = zombieProducer(pipeline);
            zombie.initTransactions();
            zombie.beginTransaction();
            byte[] bogus = TestPipeline.ENVELOPES.encode(FakeTrainer.envelope(TestBatches.request(p, 2, "b2", 20)));
            zombie.send(new ProducerRecord<>(pipeline.topics().modelHistory(), p + ":0000000000000000002", bogus));
            zombie.send(new ProducerRecord<>(pipeline.topics().models(), p, bogus));
            zombie.flush();

            FakeTrainer failingOnB3 = new FakeTrainer().failOn("b3");
            try (TrainerService trainer = pipeline.startedTrainer(failingOnB3)) {
                assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class);
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 2);
                pipeline.produce(batch(p, "b3", 20, 1, 3));
                pipeline.produce(batch(p, "b4", 20, 1, 4));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 3);
                assertThat(trainer.isHealthy()).isTrue();
            } finally {
                zombie.close(Duration.ZERO);
            }

            assertThat(pipeline.history()).extracting(ModelEnvelope::getVersion, e -> e.getLineage().getBatchId())
                    .containsExactly(tuple(1L, "b1"), tuple(2L, "b2"), tuple(3L, "b4"));
            assertThat(pipeline.models()).extracting(ModelEnvelope::getVersion).containsExactly(1L, 2L, 3L);
            // The zombie's write reached the log and was aborted, not hidden by accident.
            assertThat(pipeline.uncommittedCount(pipeline.topics().modelHistory())).isEqualTo(4);
            assertThat(pipeline.events(EventType.BATCH_SKIPPED)).singleElement().satisfies(e -> {
                assertThat(e.getAttributes()).containsEntry("batchId", "b3");
                assertThat(e.getAttributes().get("reason")).contains("injected failure on b3");
            });
            assertThat(pipeline.committedOffset()).isEqualTo(pipeline.afterLastBatchMessage());
        }
    }

    @Test
    void shouldKeepPollingWithoutRebalanceOrDuplicateWhileAFitIsSlow() {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "slow")) {
            String p = pipeline.name();
            FakeTrainer slow = new FakeTrainer().blockOn("b1");
            // If polling stopped for longer than this, the group would drop the trainer and b1 would be read twice.
            try (TrainerService trainer = pipeline.trainer(slow, Map.of("kafka.max.poll.interval.ms", "1000"))) {
                trainer.start(PATIENCE);
                pipeline.produce(batch(p, "b1", 20, 2, 1));
                await().atMost(PATIENCE).until(() -> slow.requestsFor("b1") == 1);
                pipeline.produce(batch(p, "b2", 20, 2, 2));

                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                        trainer.isHealthy() && slow.requests().size() == 1);
                slow.release("b1");

                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 2);
            }
            assertThat(pipeline.history()).extracting(e -> e.getLineage().getBatchId()).containsExactly("b1", "b2");
            assertThat(slow.requests()).extracting(r -> r.batchId()).containsExactly("b1", "b2");
        }
    }

    @Test
    void shouldReportSmallBatchesAndUnreadableMessagesWithoutUsingAVersion() throws Exception {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "skips")) {
            String p = pipeline.name();
            try (TrainerService trainer = pipeline.startedTrainer(new FakeTrainer())) {
                pipeline.produce(batch(p, "tiny", 3, 1, 1));
                pipeline.produceRaw("broken", "not avro".getBytes(StandardCharsets.UTF_8));
                pipeline.produceRaw(null, new byte[] {(byte) 0xC3, 0x01, 7});
                pipeline.produce(batch(p, "b2", 20, 1, 2));

                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 1);
                assertThat(trainer.isHealthy()).isTrue();
            }
            assertThat(pipeline.historyVersions()).containsExactly(1L);
            assertThat(pipeline.history().getFirst().getLineage().getBatchId()).isEqualTo("b2");
            List<PipelineEvent> skipped = pipeline.events(EventType.BATCH_SKIPPED);
            assertThat(skipped).hasSize(3);
            assertThat(skipped.get(0).getAttributes()).containsEntry("batchId", "tiny");
            assertThat(skipped.get(0).getAttributes().get("reason")).contains("fewer than the minimum of 10");
            assertThat(skipped.get(1).getAttributes()).containsEntry("batchId", "broken");
            assertThat(skipped.get(1).getAttributes().get("reason")).startsWith("unreadable message");
            assertThat(skipped.get(2).getAttributes()).doesNotContainKey("batchId").containsKey("batchOffset");
            assertThat(pipeline.committedOffset()).isEqualTo(pipeline.afterLastBatchMessage());
        }
    }

    @Test
    void shouldStopWhenANewerInstanceWithTheSameTransactionalIdTakesOver() {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "fenced")) {
            String p = pipeline.name();
            // A sticky assignment keeps the partition with the older instance, so that it is the one to be fenced.
            Map<String, String> sticky = Map.of("kafka.partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer.StickyAssignor");
            FakeTrainer olderTrainer = new FakeTrainer();
            FakeTrainer newerTrainer = new FakeTrainer();
            try (TrainerService older = pipeline.trainer(olderTrainer, sticky);
                 TrainerService newer = pipeline.trainer(newerTrainer, sticky)) {
                older.start(PATIENCE);
                pipeline.produce(batch(p, "b1", 20, 1, 1));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 1);

                newer.start(PATIENCE);
                pipeline.produce(batch(p, "b2", 20, 1, 2));

                await().atMost(PATIENCE).until(() -> !older.isHealthy());
                assertThat(older.failure()).get().isInstanceOfSatisfying(
                        PublisherFailedException.class,
                        e -> assertThat(e.fenced()).isTrue());
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 2);
                assertThat(newer.isHealthy()).isTrue();
            }
            assertThat(pipeline.history()).extracting(ModelEnvelope::getVersion, e -> e.getLineage().getBatchId())
                    .containsExactly(tuple(1L, "b1"), tuple(2L, "b2"));
            assertThat(olderTrainer.requestsFor("b2")).isEqualTo(1);
            assertThat(newerTrainer.requests()).extracting(r -> r.batchId()).containsExactly("b2");
        }
    }

    @Test
    void shouldRefuseToStartWithoutThePipelinesTopics() {
        PipelineConfig missing = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "missing",
                "kafka.bootstrap.servers", BROKER.bootstrapServers(), TrustConfig.SIGNATURES_CONFIG, "off"));
        TrainerService trainer = new TrainerService(new TrainerConfig(PipelineDefinition.of(missing).with(TestPipeline.FAST_TRAINER)),
                new FakeTrainer(), Clock.systemUTC());

        assertThatThrownBy(() -> trainer.start(PATIENCE))
                .isInstanceOf(IllegalStateException.class)
                // With the default horizon of several windows the batches topic's retention is read first.
                .hasMessageContaining("missing.batches does not exist; create the pipeline's topics");
        assertThat(trainer.isHealthy()).isFalse();
        trainer.close();
    }

    @Test
    void shouldNameTheInputPartitionsAWindowWasAssembledWithoutInTheModelsLineage() {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "incomplete")) {
            String p = pipeline.name();
            String window = p + "-0-0";
            // Input partition 1 of 2 never writes its part nor its progress: the window trains on the bound.
            BatchManifest part = (BatchManifest) manifest(p, window, 1, 200).getPart();
            part.setPart(new WindowPart(window, new PartitionProgress(0, 2, TestBatches.WINDOW_START.plusSeconds(120), false)));
            pipeline.produce(List.of(chunk(p, window + "@p0", 0, records(window, 200)),
                    new BatchMessage(p, window + "@p0", part)));
            try (TrainerService trainer = pipeline.trainer(new BatchTrainer()::train,
                    Map.of(TrainerConfig.WINDOW_ASSEMBLY_TIMEOUT_MS_CONFIG, "1000"))) {
                trainer.start(PATIENCE);
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 1);
            }
            ModelEnvelope model = pipeline.history().getFirst();
            assertThat(model.getLineage().getBatchId()).isEqualTo(window);
            assertThat(model.getLineage().getMissingInputPartitions()).containsExactly(1);
            assertThat(pipeline.events(EventType.WINDOW_CLOSED)).singleElement().satisfies(event -> assertThat(
                    event.getAttributes()).containsEntry("missingInputPartitions", "[1]"));
            assertThat(StreamtrainMeters.windowsClosed(p).count()).as("the trainer counts the window it assembled")
                    .isEqualTo(1.0);
        }
    }

    @Test
    void shouldRecordAWorseModelAsRejectedWithBothScoresAndKeepTheChampionCurrent() {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "gate")) {
            String p = pipeline.name();
            ModelTrainer goodThenUnderfitting = request -> new BatchTrainer().train(
                    request.version() == 1 ? request : withHyperparameter(request, "lambda", "1e6"));
            try (TrainerService trainer = pipeline.startedTrainer(goodThenUnderfitting)) {
                pipeline.produce(batch(p, "b1", 200, 2, 1));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 1);
                pipeline.produce(batch(p, "b2", 200, 2, 2));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 2);
            }
            PromotionDecision champion = pipeline.history().get(0).getPromotion();
            PromotionDecision challenger = pipeline.history().get(1).getPromotion();
            assertThat(champion.getStatus()).isEqualTo(PromotionStatus.PROMOTED);
            assertThat(champion.getReason()).contains("no champion");
            assertThat(challenger.getStatus()).isEqualTo(PromotionStatus.REJECTED);
            assertThat(challenger.getMetric()).isEqualTo("f1");
            assertThat(challenger.getChampionVersion()).isEqualTo(1L);
            assertThat(challenger.getChallengerScore()).isLessThan(challenger.getChampionScore() - challenger.getTolerance());
            assertThat(pipeline.models()).extracting(ModelEnvelope::getVersion).containsExactly(1L);
            assertThat(pipeline.events(EventType.MODEL_REJECTED)).singleElement().satisfies(event -> assertThat(
                    event.getAttributes()).containsEntry("version", "2").containsEntry("status", "REJECTED")
                    .containsEntry("championVersion", "1").containsKey("championScore").containsKey("challengerScore"));
        }
    }

    @Test
    void shouldRecordButNotPromoteWhilePinnedAndPromoteAgainOnceUnpinned() {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "pin");
             ModelRegistry registry = pipeline.registry()) {
            String p = pipeline.name();
            try (TrainerService trainer = pipeline.startedTrainer(new FakeTrainer())) {
                pipeline.produce(batch(p, "b1", 20, 1, 1));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 1);
                assertThat(registry.pin(OptionalLong.empty(), "it", "freeze for the audit")).isEqualTo(1);
                pipeline.produce(batch(p, "b2", 20, 1, 2));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 2);
                registry.unpin("it", "audit done");
                pipeline.produce(batch(p, "b3", 20, 1, 3));
                await().atMost(PATIENCE).until(() -> pipeline.history().size() == 3);
            }
            assertThat(pipeline.history()).extracting(e -> e.getPromotion().getStatus())
                    .containsExactly(PromotionStatus.PROMOTED, PromotionStatus.HELD, PromotionStatus.PROMOTED);
            assertThat(pipeline.history().get(1).getPromotion().getReason()).contains("pinned to version 1");
            assertThat(pipeline.models()).extracting(ModelEnvelope::getVersion).containsExactly(1L, 3L);
            assertThat(pipeline.events(EventType.MODEL_HELD)).extracting(e -> e.getAttributes().get("version"))
                    .containsExactly("2");
            assertThat(pipeline.events(EventType.MODEL_PINNED)).singleElement()
                    .satisfies(e -> assertThat(e.getAttributes()).containsEntry("operator", "it").containsEntry("version", "1"));
            assertThat(pipeline.events(EventType.MODEL_UNPINNED)).hasSize(1);
            assertThat(registry.list()).extracting(m -> m.version() + " " + m.status() + " " + m.signatureValid())
                    .containsExactly("1 PROMOTED true", "2 HELD true", "3 PROMOTED true");
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldPublishARandomForestOfOverFifteenMegabytesWithItsOnnxGraphThatVerifiesAndLoadsFromTheModelsTopic() throws Exception {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "large")) {
            String p = pipeline.name();
            try (TrainerService trainer = pipeline.startedTrainer(LargeModels.randomForest(FOREST_TREES))) {
                // 12,000 rows: the serialized forest and its ONNX graph, each over 15 MB, fit the envelope limit together.
                pipeline.produce(LargeModels.noisyBatch(p, "b1", 12_000));
                await().atMost(FOREST_PATIENCE).until(() -> pipeline.modelRecords().size() == 1);
            }
            ConsumerRecord<String, byte[]> record = pipeline.modelRecords().getFirst();
            ModelVerifier.ed25519(TestPipeline.KEYS.getPublic()).verify(record.value(), record.headers());
            LoadedModel loaded = ModelLoader.load(TestPipeline.ENVELOPES.decode(record.value()), p);

            assertThat(loaded.envelope().getAlgorithm()).isEqualTo("random-forest");
            assertThat(loaded.envelope().getHyperparameters()).containsEntry("trees", Integer.toString(FOREST_TREES));
            assertThat(loaded.envelope().getModelBytes().remaining()).isGreaterThanOrEqualTo(15 * 1024 * 1024);
            assertThat(loaded.envelope().getOnnx().getGraph().remaining()).isGreaterThanOrEqualTo(15 * 1024 * 1024);
            assertThat(loaded.version()).isEqualTo(1);
            assertThat(loaded.score(records("probe", 1).getFirst()).label()).isIn("churn", "stay");
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldSkipAModelOverTheSizeLimitWithoutPublishingAnyPartOfIt() throws Exception {
        try (TestPipeline pipeline = new TestPipeline(BROKER.bootstrapServers(), "oversized")) {
            String p = pipeline.name();
            try (TrainerService trainer = pipeline.trainer(LargeModels.randomForest(FOREST_TREES),
                    Map.of(TrainerConfig.MODEL_MAX_BYTES_CONFIG, "1048576"))) {
                trainer.start(PATIENCE);
                pipeline.produce(LargeModels.noisyBatch(p, "b1", 1000));
                await().atMost(FOREST_PATIENCE).until(() -> !pipeline.events(EventType.BATCH_SKIPPED).isEmpty());
            }
            assertThat(pipeline.events(EventType.BATCH_SKIPPED).getFirst().getAttributes().get("reason"))
                    .contains("over the limit of 1048576 bytes");
            assertThat(pipeline.uncommittedCount(pipeline.topics().models())).isZero();
            assertThat(pipeline.uncommittedCount(pipeline.topics().modelHistory())).isZero();
            assertThat(pipeline.committedOffset()).isEqualTo(pipeline.afterLastBatchMessage());
        }
    }

    private static TrainingRequest withHyperparameter(TrainingRequest request, String key, String value) {
        TrainingSettings settings = request.settings();
        Map<String, String> hyperparameters = new HashMap<>(settings.options().toMap());
        hyperparameters.put(key, value);
        return new TrainingRequest(request.pipeline(), request.version(), request.spec(), new TrainingSettings(
                settings.task(), AlgorithmOptions.of(settings.algorithm(), hyperparameters), settings.seed(), settings.testFraction(),
                settings.splitStrategy(), settings.minRecords(), settings.preprocessing()),
                request.batchId(), request.source(), request.records(), request.horizon(), request.start());
    }

    private static KafkaProducer<String, byte[]> zombieProducer(TestPipeline pipeline) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "streamtrain-" + pipeline.name() + "-trainer",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }
}
