package io.streamtrain.bench.horizon;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Windows of a 30-feature numeric table with a binary label from a noisy linear rule, as the trainer assembles
 * them; seeded, so every run sees the same rows.
 */
final class HorizonRows {

    static final int FEATURES = 30;
    static final FeatureSpec SPEC = new FeatureSpec("id", "eventTime", "label",
            IntStream.range(0, FEATURES).mapToObj(j -> new FeatureField("f" + j, FeatureType.NUMERIC)).toList());
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private HorizonRows() {
    }

    /** Window {@code index} of {@code rows} rows, at batches offsets {@code index * 1000} onwards. */
    static AssembledBatch window(String pipeline, int index, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + index);
        List<CleanRecord> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            List<Object> features = new ArrayList<>(FEATURES);
            double score = random.nextGaussian();
            for (int j = 0; j < FEATURES; j++) {
                double x = random.nextGaussian();
                features.add(x);
                score += (j % 3 == 0 ? 1.0 : -0.5) * x / Math.sqrt(FEATURES);
            }
            records.add(new CleanRecord("w" + index + "-r" + i, START.plusSeconds(60L * index), features,
                    score > 0 ? "yes" : "no", 0, (long) index * rows + i, null));
        }
        Instant start = START.plusSeconds(60L * index);
        BatchManifest manifest = BatchManifest.newBuilder()
                .setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setCloseReason(WindowCloseReason.STREAM_TIME)
                .setRecordCount(rows).setChunkCount(1).setFeatureNames(SPEC.featureNames())
                .setSourceTopic(pipeline + ".records")
                .setSourceRanges(List.of(new OffsetRange(0, (long) index * rows, (long) index * rows + rows - 1, (long) rows)))
                .setClosedAt(start.plusSeconds(65)).build();
        return new AssembledBatch("w" + index, manifest, records, index * 1_000L, index * 1_000L + 1);
    }
}
