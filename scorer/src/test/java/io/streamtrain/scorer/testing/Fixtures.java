package io.streamtrain.scorer.testing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.drift.DriftMeters;
import io.streamtrain.scorer.drift.DriftSettings;
import io.streamtrain.scorer.drift.LiveMonitor;
import io.streamtrain.scorer.drift.RetrainTrigger;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelInstaller;
import io.streamtrain.scorer.model.ModelLoading;
import io.streamtrain.scorer.model.ScoringModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.streamtrain.scorer.api.HttpSettings;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The demo pipeline, envelopes without a real model, and a fake model, for tests that need no Smile. */
public final class Fixtures {

    public static final String PIPELINE = "churn";
    public static final PipelineConfig CONFIG = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE));
    public static final FeatureSpec SPEC = CONFIG.featureSpec();
    /** The REST API's default client limits, as the scorer's configuration makes them. */
    public static final HttpSettings.ClientLimits CLIENT_LIMITS = new ScorerConfig(PipelineDefinition.of("test", Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE)))
            .http().orElseThrow().clients();

    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private Fixtures() {
    }

    /** A live monitor of {@code current} with the default settings, whose events go nowhere. */
    public static LiveMonitor quietMonitor(CurrentModel current) {
        DriftSettings settings = new ScorerConfig(PipelineDefinition.of("test", Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, PIPELINE))).drift();
        PipelineEvents events = new PipelineEvents(PIPELINE, "scorer-test");
        return new LiveMonitor(settings, current, new RetrainTrigger(false, event -> { }, event -> { }, events),
                event -> { }, events, new DriftMeters(PIPELINE, "scorer-test"), Clock.systemUTC());
    }

    /** A demo record as a JSON object; {@code null} features are left out. */
    public static String json(String id, double tenure) {
        return "{\"id\":\"" + id + "\",\"eventTime\":1735689600000,\"tenureMonths\":" + tenure
                + ",\"monthlySpend\":40.5,\"supportCalls\":1,\"usageHours\":12,\"premium\":true,\"region\":\"north\"}";
    }

    /** An envelope of the demo pipeline's features, with placeholder model bytes. */
    public static ModelEnvelope envelope(long version) {
        return envelope(PIPELINE, version, SPEC.definitions());
    }

    public static ModelEnvelope envelope(String pipeline, long version, List<FeatureDefinition> features) {
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        return ModelEnvelope.newBuilder()
                .setPipeline(pipeline)
                .setVersion(version)
                .setTask(Task.CLASSIFICATION)
                .setAlgorithm("logistic-regression")
                .setHyperparameters(Map.of())
                .setFeatureSchema(new FeatureSchema(features, "label", List.of("churn", "stay")))
                .setPreprocessing(new FittedPreprocessing(List.of()))
                .setModelFormat("java-serialization")
                .setModelBytes(ByteBuffer.wrap(("model " + version).getBytes(StandardCharsets.UTF_8)))
                .setModelSha256("00")
                .setMetrics(Map.of())
                .setLineage(new Lineage("batch-" + version, pipeline + ".records", created, created.plusSeconds(60), 10L, 8L, 2L, List.of(), null, null, List.of()))
                .setCreatedAt(created)
                .setTrainingMillis(1L)
                .setSmileVersion("test")
                .setStreamtrainVersion("test")
                .build();
    }

    /** Installs a {@link FakeModel} of {@code version} in {@code current} the way the follower does. */
    public static void install(CurrentModel current, long version) {
        install(current, envelope(version), (envelope, pipeline) -> new FakeModel(envelope, "stay"));
    }

    /** Installs {@code envelope}, loaded by {@code loading}, in {@code current} the way the follower does. */
    public static void install(CurrentModel current, ModelEnvelope envelope, ModelLoading loading) {
        new ModelInstaller(SPEC, ModelVerifier.acceptUnsigned(), loading, current, new PipelineEvents(PIPELINE, "scorer-test"),
                event -> { }, "test")
                .offer(new ConsumerRecord<>(PIPELINE + ".models", 0, envelope.getVersion(), null, ENVELOPES.encode(envelope)));
    }

    /** A consumer record as the scorer would receive it. */
    public static ConsumerRecord<byte[], byte[]> request(String topic, long offset, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A model that answers {@code label} with certainty, for every record. */
    public record FakeModel(ModelEnvelope envelope, String label) implements ScoringModel {
        public FakeModel(long version) {
            this(Fixtures.envelope(version), "stay");
        }

        @Override
        public ScoredRecord score(CleanRecord record) {
            return ScoredRecord.ofClass(label, Map.of(label, 1.0, "churn".equals(label) ? "stay" : "churn", 0.0));
        }
    }
}
