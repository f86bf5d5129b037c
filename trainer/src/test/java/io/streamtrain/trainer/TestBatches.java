package io.streamtrain.trainer;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Batch messages as the streams-app writes them, for tests. */
public final class TestBatches {

    /** The demo schema's features, in column order. */
    public static final List<String> FEATURES =
            List.of("tenureMonths", "monthlySpend", "supportCalls", "usageHours", "premium", "region");
    public static final Instant WINDOW_START = Instant.parse("2030-01-01T00:00:00Z");

    private TestBatches() {
    }

    /** {@code count} records with ids {@code <batchId>-r<i>}, labels alternating churn and stay. */
    public static List<CleanRecord> records(String batchId, int count) {
        return IntStream.range(0, count).mapToObj(i -> CleanRecord.newBuilder()
                .setRecordId(batchId + "-r" + i)
                .setEventTime(WINDOW_START.plusMillis(i))
                .setFeatures(List.<Object>of((double) i, 20.0 + i, (double) (i % 4), 3.5, (double) (i % 2), "north"))
                .setLabel(i % 2 == 0 ? "churn" : "stay")
                .setSourcePartition(0)
                .setSourceOffset(i)
                .build()).toList();
    }

    public static BatchMessage chunk(String pipeline, String batchId, int index, List<CleanRecord> records) {
        return new BatchMessage(pipeline, batchId, new BatchChunk(index, records));
    }

    public static BatchMessage manifest(String pipeline, String batchId, int chunkCount, long recordCount) {
        return manifest(pipeline, batchId, chunkCount, recordCount, 0);
    }

    /** A manifest of the window {@code windowIndex} minutes after {@link #WINDOW_START}. */
    public static BatchMessage manifest(String pipeline, String batchId, int chunkCount, long recordCount,
                                        int windowIndex) {
        Instant start = WINDOW_START.plusSeconds(60L * windowIndex);
        return new BatchMessage(pipeline, batchId, BatchManifest.newBuilder()
                .setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60))
                .setCloseReason(WindowCloseReason.STREAM_TIME)
                .setRecordCount(recordCount)
                .setChunkCount(chunkCount)
                .setFeatureNames(FEATURES)
                .setSourceTopic(pipeline + ".records")
                .setSourceRanges(List.of(new OffsetRange(0, 100L * windowIndex, 100L * windowIndex + recordCount - 1,
                        recordCount)))
                .setClosedAt(start.plusSeconds(65))
                .build());
    }

    /** A training request for a batch of {@code records} records of the demo pipeline {@code pipeline}. */
    public static TrainingRequest request(String pipeline, long version, String batchId, int records) {
        PipelineConfig config = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, pipeline));
        BatchManifest manifest = (BatchManifest) manifest(pipeline, batchId, 1, records).getPart();
        return new TrainingRequest(pipeline, version, config.featureSpec(), TrainingSettings.from(config), batchId,
                manifest, records(batchId, records));
    }

    /** A whole batch: {@code records} records split into {@code chunks} chunks, then the manifest. */
    public static List<BatchMessage> batch(String pipeline, String batchId, int records, int chunks, int windowIndex) {
        List<CleanRecord> all = records(batchId, records);
        List<BatchMessage> messages = new ArrayList<>();
        int perChunk = (records + chunks - 1) / Math.max(1, chunks);
        for (int i = 0; i < chunks; i++) {
            messages.add(chunk(pipeline, batchId, i, all.subList(Math.min(records, i * perChunk),
                    Math.min(records, (i + 1) * perChunk))));
        }
        messages.add(manifest(pipeline, batchId, chunks, records, windowIndex));
        return messages;
    }
}
