package io.streamtrain.bench.training;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.launcher.demo.DriftingChurnProcess;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One-minute micro-batches of labelled demo customers, exactly as the trainer receives them: drawn from the demo's
 * {@link DriftingChurnProcess} with the demo producer's label noise and missing values, and cleaned by the
 * pipeline's {@link FeatureExtractor}, so a benchmark trains on the same kind of data the demo does.
 */
public final class ChurnBatches {

    /** The demo producer's share of flipped labels and of missing values. */
    private static final double LABEL_NOISE = 0.02;
    private static final double MISSING_RATE = 0.02;
    private static final Instant WINDOW_START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private ChurnBatches() {
    }

    /**
     * A batch of {@code records} labelled records for {@code pipeline} (whose input schema must be the demo's),
     * to be published as model {@code version}; the same seed gives the same batch.
     */
    public static TrainingRequest request(PipelineConfig pipeline, long version, int records, long seed) {
        DriftingChurnProcess process = new DriftingChurnProcess(seed, WINDOW_START, DemoTraffic.defaults().driftPeriod(),
                LABEL_NOISE, MISSING_RATE);
        FeatureExtractor extractor = new FeatureExtractor(pipeline.featureSpec());
        List<CleanRecord> batch = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            Instant eventTime = WINDOW_START.plusMillis(WINDOW.toMillis() * i / records);
            DemoRecord customer = process.next("v" + version + "-c" + i, eventTime, true);
            Extraction extraction = extractor.extract(customer, eventTime.toEpochMilli(), 0, i, FeatureExtractor.LabelPolicy.REQUIRED);
            if (!(extraction instanceof Extraction.Accepted accepted)) {
                throw new IllegalStateException("the demo process made a record the pipeline refuses: " + extraction);
            }
            batch.add(accepted.record());
        }
        String batchId = pipeline.pipelineName() + "-" + WINDOW_START.toEpochMilli() + "-" + version;
        return new TrainingRequest(pipeline.pipelineName(), version, pipeline.featureSpec(), TrainingSettings.from(pipeline),
                batchId, manifest(pipeline, records), batch);
    }

    private static BatchManifest manifest(PipelineConfig pipeline, int records) {
        return BatchManifest.newBuilder()
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START.plus(WINDOW))
                .setCloseReason(WindowCloseReason.STREAM_TIME)
                .setRecordCount(records)
                .setChunkCount(1)
                .setFeatureNames(pipeline.featureSpec().featureNames())
                .setSourceTopic(pipeline.topics().records())
                .setSourceRanges(List.of(new OffsetRange(0, 0L, (long) records - 1, (long) records)))
                .setClosedAt(WINDOW_START.plus(WINDOW))
                .build();
    }
}
