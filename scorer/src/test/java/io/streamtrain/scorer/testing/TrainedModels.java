package io.streamtrain.scorer.testing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Real model envelopes, trained by the ML module's {@link BatchTrainer} on seeded demo data. */
public final class TrainedModels {

    private static final int RECORDS = 300;
    private static final Instant WINDOW_START = Instant.parse("2025-01-01T00:00:00Z");

    private TrainedModels() {
    }

    /** A model of {@code config}'s pipeline with {@code version}, trained on data drawn with {@code seed}. */
    public static ModelEnvelope train(PipelineConfig config, long version, long seed) {
        return trained(config, version, TrainingSettings.from(config), extracted(config, version, seed));
    }

    /**
     * A linear-regression model of {@code config}'s pipeline with {@code version}, trained on demo data drawn with
     * {@code seed} whose label is replaced by a number: {@code 2 * tenureMonths - 5 * supportCalls} plus noise.
     */
    public static ModelEnvelope trainRegression(PipelineConfig config, long version, long seed) {
        Random noise = new Random(seed);
        List<CleanRecord> records = new ArrayList<>();
        for (CleanRecord record : extracted(config, version, seed)) {
            List<Object> features = record.getFeatures();
            record.setLabel(2 * numberOr0(features.get(0)) - 5 * numberOr0(features.get(2)) + noise.nextGaussian());
            records.add(record);
        }
        return trained(config, version, TrainingSettings.of(Task.REGRESSION, "linear-regression", Map.of()), records);
    }

    /** Labelled demo records of {@code config}'s pipeline drawn with {@code seed}, as the streams-app extracts them. */
    public static List<CleanRecord> records(PipelineConfig config, long seed) {
        return extracted(config, 0, seed);
    }

    private static List<CleanRecord> extracted(PipelineConfig config, long version, long seed) {
        FeatureExtractor extractor = new FeatureExtractor(config.featureSpec());
        List<CleanRecord> records = new ArrayList<>();
        long offset = 0;
        for (DemoRecord record : DemoData.labelled("train-" + version, RECORDS, seed)) {
            Extraction extraction = extractor.extract(record, record.getEventTime().toEpochMilli(), 0, offset++,
                    FeatureExtractor.LabelPolicy.REQUIRED);
            records.add(((Extraction.Accepted) extraction).record());
        }
        return records;
    }

    private static ModelEnvelope trained(PipelineConfig config, long version, TrainingSettings settings, List<CleanRecord> records) {
        String batchId = config.pipelineName() + "-" + WINDOW_START.toEpochMilli() + "-" + version;
        TrainingRequest request = new TrainingRequest(config.pipelineName(), version, config.featureSpec(), settings, batchId,
                manifest(config, records.size()), records);
        TrainingOutcome outcome = new BatchTrainer().train(request);
        if (!(outcome instanceof TrainingOutcome.Trained trained)) {
            throw new IllegalStateException("test data made no model: " + outcome);
        }
        return trained.envelope();
    }

    private static double numberOr0(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0.0;
    }

    /** A copy of {@code envelope} with one byte of its model bytes flipped, as a corrupted or tampered message would be. */
    public static ModelEnvelope tampered(ModelEnvelope envelope, long version) {
        ByteBuffer original = envelope.getModelBytes().duplicate();
        byte[] bytes = new byte[original.remaining()];
        original.get(bytes);
        bytes[bytes.length / 2] ^= 0x01;
        return ModelEnvelope.newBuilder(envelope).setVersion(version).setModelBytes(ByteBuffer.wrap(bytes)).build();
    }

    private static BatchManifest manifest(PipelineConfig config, int records) {
        return BatchManifest.newBuilder()
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START.plusSeconds(3600))
                .setCloseReason(WindowCloseReason.STREAM_TIME)
                .setRecordCount(records)
                .setChunkCount(1)
                .setFeatureNames(config.featureSpec().featureNames())
                .setSourceTopic(config.topics().records())
                .setSourceRanges(List.of(new OffsetRange(0, 0L, (long) records - 1, (long) records)))
                .setClosedAt(WINDOW_START.plusSeconds(3700))
                .build();
    }
}
