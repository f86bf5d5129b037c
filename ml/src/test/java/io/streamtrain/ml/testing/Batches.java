package io.streamtrain.ml.testing;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic batches for tests: seeded, so every run sees the same records. */
public final class Batches {

    public static final String PIPELINE = "churn";
    public static final Instant WINDOW_START = Instant.parse("2025-01-01T00:00:00Z");

    /** Two numeric features, one boolean, one categorical. */
    public static final FeatureSpec SPEC = new FeatureSpec("id", "eventTime", "label", List.of(
            new FeatureField("x1", FeatureType.NUMERIC),
            new FeatureField("x2", FeatureType.NUMERIC),
            new FeatureField("flag", FeatureType.BOOLEAN),
            new FeatureField("colour", FeatureType.CATEGORICAL)));

    private static final List<String> COLOURS = List.of("red", "green", "blue");

    private Batches() {
    }

    public static TrainingSettings settings() {
        return TrainingSettings.of(Task.CLASSIFICATION, "logistic-regression", Map.of("lambda", "0.1", "tolerance", "1.0E-4", "max.iterations", "500"));
    }

    public static TrainingRequest request(List<CleanRecord> records) {
        return request(SPEC, settings(), records);
    }

    public static TrainingRequest request(FeatureSpec spec, TrainingSettings settings, List<CleanRecord> records) {
        return new TrainingRequest(PIPELINE, 7, spec, settings, "churn-1735689600000-0", manifest(spec, records.size()), records);
    }

    public static BatchManifest manifest(FeatureSpec spec, int records) {
        return BatchManifest.newBuilder()
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START.plusSeconds(60))
                .setCloseReason(WindowCloseReason.STREAM_TIME)
                .setRecordCount(records)
                .setChunkCount(1)
                .setFeatureNames(spec.featureNames())
                .setSourceTopic(PIPELINE + ".records")
                .setSourceRanges(List.of(new OffsetRange(0, 100L, 100L + records - 1, (long) records)))
                .setClosedAt(WINDOW_START.plusSeconds(65))
                .build();
    }

    /** A record with the given id, label and positional features. */
    public static CleanRecord record(String id, Object label, Object... features) {
        return new CleanRecord(id, WINDOW_START, new ArrayList<>(Arrays.asList(features)), label, 0, 0L, null);
    }

    /**
     * Linearly separable with a margin: label "yes" when {@code 2*x1 - x2 + (colour == red ? 1 : 0) > 0}, the
     * boolean carries no signal, and about 5% of values are missing.
     */
    public static List<CleanRecord> separableBinary(int n, long seed) {
        Random random = new Random(seed);
        List<CleanRecord> records = new ArrayList<>(n);
        while (records.size() < n) {
            double x1 = random.nextGaussian() * 3 + 10;
            double x2 = random.nextGaussian() * 6 + 20;
            String colour = COLOURS.get(random.nextInt(COLOURS.size()));
            double margin = 2 * (x1 - 10) - (x2 - 20) + ("red".equals(colour) ? 1 : 0);
            if (Math.abs(margin) < 0.5) {
                continue;
            }
            records.add(record("r-" + records.size(), margin > 0 ? "yes" : "no",
                    missingOr(random, x1), missingOr(random, x2), random.nextBoolean() ? 1.0 : 0.0, random.nextInt(20) == 0 ? null : colour));
        }
        return records;
    }

    /** Three well-separated Gaussian clusters labelled 0.0, 1.0 and 2.0 (numeric labels, as a JSON input gives them). */
    public static List<CleanRecord> threeClusters(int n, long seed) {
        Random random = new Random(seed);
        double[][] centres = {{0, 0}, {6, 0}, {0, 6}};
        List<CleanRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            records.add(record("m-" + i, (double) k, centres[k][0] + random.nextGaussian(), centres[k][1] + random.nextGaussian(),
                    0.0, COLOURS.get(random.nextInt(COLOURS.size()))));
        }
        return records;
    }

    /**
     * A regression target: {@code 3*x1 - 2*x2 + 5*(colour == red) + noise(0.5)}, labels as doubles, about 2% of
     * numeric values and 5% of colours missing.
     */
    public static List<CleanRecord> linearTarget(int n, long seed) {
        Random random = new Random(seed);
        List<CleanRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x1 = random.nextGaussian() * 2;
            double x2 = random.nextGaussian() + 4;
            String colour = COLOURS.get(random.nextInt(COLOURS.size()));
            double y = 3 * x1 - 2 * x2 + ("red".equals(colour) ? 5 : 0) + random.nextGaussian() * 0.5;
            records.add(record("v-" + i, y, missingOr(random, x1), missingOr(random, x2), random.nextBoolean() ? 1.0 : 0.0,
                    random.nextInt(20) == 0 ? null : colour));
        }
        return records;
    }

    /** Settings of {@code algorithm} for {@code task} with its default hyperparameters. */
    public static TrainingSettings settings(Task task, String algorithm) {
        return TrainingSettings.of(task, algorithm, Map.of());
    }

    private static Double missingOr(Random random, double value) {
        return random.nextInt(50) == 0 ? null : value;
    }
}
