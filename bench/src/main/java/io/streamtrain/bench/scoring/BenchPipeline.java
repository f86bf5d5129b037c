package io.streamtrain.bench.scoring;

import io.streamtrain.bench.training.ChurnBatches;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.ScorerConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One demo pipeline on the benchmark's broker: its scorer configuration and topics, and real models for it, trained
 * by {@link BatchTrainer} on demo batches and published to its models topic the way the trainer's envelopes arrive.
 *
 * @param scorer the scorer configuration; {@code scorer.pipeline()} is the pipeline
 */
record BenchPipeline(ScorerConfig scorer) {

    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    /** The benchmark signs its models like a trainer, so the scorer pays for verification as in production. */
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final ModelSigner SIGNER = ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic());
    /** Records in each model's training batch: a typical micro-batch, trained in a few milliseconds. */
    private static final int TRAINING_RECORDS = 10_000;

    /**
     * Configures pipeline {@code name} on the broker at {@code bootstrapServers}, with the scorer's defaults (but no
     * REST server) overridden by {@code settings} (any pipeline, {@code scorer.*} or {@code kafka.*} key), and creates its topics.
     */
    static BenchPipeline create(String name, String bootstrapServers, Map<String, String> settings, Admin admin) {
        Map<String, String> all = new HashMap<>();
        all.put(PipelineConfig.PIPELINE_NAME_CONFIG, name);
        all.put("kafka.bootstrap.servers", bootstrapServers);
        all.put(ScorerConfig.INSTANCE_ID_CONFIG, name + "-1");
        // The benchmarks measure topic to topic; a REST server would only compete for port 8080 with a running demo.
        all.put(ScorerConfig.HTTP_PORT_CONFIG, String.valueOf(ScorerConfig.HTTP_DISABLED));
        all.putAll(TrustConfig.inline(KEYS));
        all.putAll(settings);
        ScorerConfig config = new ScorerConfig(PipelineDefinition.of("pipeline " + name, all));
        PipelineConfig pipeline = config.pipeline();
        new TopicProvisioner(admin).ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
        return new BenchPipeline(config);
    }

    /**
     * The same pipeline scored by another scorer instance named {@code suffix}, in a group of its own, with drift and
     * late-label monitoring on or off: it reads the same requests topic from the start, so its time is comparable
     * with this one's.
     */
    BenchPipeline anotherScorer(String suffix, boolean monitoring) {
        return new BenchPipeline(new ScorerConfig(scorer.definition().with(Map.of(
                ScorerConfig.INSTANCE_ID_CONFIG, name() + "-" + suffix,
                ScorerConfig.GROUP_ID_CONFIG, scorer.groupId() + "-" + suffix,
                ScorerConfig.DRIFT_ENABLED_CONFIG, String.valueOf(monitoring),
                ScorerConfig.LABELS_ENABLED_CONFIG, String.valueOf(monitoring)))));
    }

    /**
     * The same pipeline scored by another scorer instance named {@code suffix}, in a group of its own, with
     * {@code settings} over this one's: it reads the same requests topic from the start.
     */
    BenchPipeline anotherScorer(String suffix, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(scorer.definition().configuration());
        all.put(ScorerConfig.INSTANCE_ID_CONFIG, name() + "-" + suffix);
        all.put(ScorerConfig.GROUP_ID_CONFIG, scorer.groupId() + "-" + suffix);
        all.putAll(settings);
        // The settings may change pipeline keys (for example predictions.format), so the definition is read again.
        return new BenchPipeline(new ScorerConfig(PipelineDefinition.of("pipeline " + name(), all)));
    }

    /**
     * One more scorer instance of this pipeline, named {@code suffix}, in the same group: it shares the request
     * partitions with this one, as scaled-out instances do.
     */
    BenchPipeline sameGroupScorer(String suffix) {
        return new BenchPipeline(new ScorerConfig(scorer.definition().with(Map.of(ScorerConfig.INSTANCE_ID_CONFIG, name() + "-" + suffix))));
    }

    PipelineConfig pipeline() {
        return scorer.pipeline();
    }

    String name() {
        return pipeline().pipelineName();
    }

    /** A model of this pipeline with {@code version}, trained on a demo batch drawn with {@code seed}. */
    ModelEnvelope train(long version, long seed) {
        TrainingOutcome outcome = new BatchTrainer().train(ChurnBatches.request(pipeline(), version, TRAINING_RECORDS, seed));
        if (!(outcome instanceof TrainingOutcome.Trained trained)) {
            throw new IllegalStateException("a demo batch made no model: " + outcome);
        }
        return trained.envelope();
    }

    /** Publishes {@code envelope} to the models topic, keyed by pipeline like the trainer does, and waits for the ack. */
    RecordMetadata publish(Producer<byte[], byte[]> producer, ModelEnvelope envelope) {
        return publish(producer, ModelsTopicKeys.currentModel(name()), envelope);
    }

    /**
     * Announces {@code challenger} as on trial against {@code championVersion}, under the trial key of the models
     * topic, as the trainer does under {@code deploy.strategy=shadow}, and waits for the ack.
     */
    RecordMetadata publishTrial(Producer<byte[], byte[]> producer, ModelEnvelope challenger, long championVersion) {
        PromotionDecision trial = PromotionDecision.newBuilder().setStatus(PromotionStatus.TRIAL).setMetric("accuracy")
                .setChampionVersion(championVersion).setReason("benchmark trial").build();
        return publish(producer, ModelsTopicKeys.trial(name()), ModelEnvelope.newBuilder(challenger).setPromotion(trial).build());
    }

    private RecordMetadata publish(Producer<byte[], byte[]> producer, String key, ModelEnvelope envelope) {
        byte[] value = ENVELOPES.encode(envelope);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(pipeline().topics().models(), null,
                key.getBytes(StandardCharsets.UTF_8), value, SIGNER.headersFor(value));
        try {
            return producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish model version " + envelope.getVersion() + " of " + name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a model", e);
        }
    }
}
