package io.streamtrain.ml.drift;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.DistributionKind;
import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.ValueDistribution;
import io.streamtrain.ml.preprocess.FeatureValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link DriftBaseline} of a model: each feature's distribution on the train split and the
 * predictions' distribution on the test split.
 *
 * <ul>
 *   <li>Numeric and boolean features: at most {@value #BINS} bins whose inner edges are train-split quantiles
 *       (repeated quantiles collapse, so a boolean has two bins), plus missing.</li>
 *   <li>Categorical features: the {@value #MAX_CATEGORIES} most frequent train categories (ties by name), plus
 *       other and missing.</li>
 *   <li>Predictions: every model class (classification), or binned predicted values (regression; fewer bins on a
 *       small test split, see {@link #predictedValues}).</li>
 * </ul>
 * Fixed bins make the live side cheap: the scorer only counts values into them. A train split of more than
 * {@value #SAMPLE_ROWS} rows is represented by that many rows at even strides: a share estimated from them is off
 * by well under a percentage point, far less than the noise of the scorer's live window, and a large window's
 * baseline costs a fraction of its fit.
 */
public final class DriftBaselines {

    /** Most bins of a numeric distribution. */
    public static final int BINS = 10;
    /** Test predictions per bin of a regression model's predicted values, when the test split is small. */
    public static final int PREDICTIONS_PER_BIN = 25;
    /** Most categories counted on their own. */
    public static final int MAX_CATEGORIES = 20;
    /** Most train rows a baseline is estimated from. */
    static final int SAMPLE_ROWS = 2_000;
    /** Name of the predictions' distribution. */
    public static final String PREDICTION = "prediction";

    private DriftBaselines() {
    }

    /**
     * @param features    the model's features, in the order of the records' values
     * @param train       the train split
     * @param predictions the predictions' distribution on the test split ({@link #predictedClasses} or {@link #predictedValues})
     */
    public static DriftBaseline of(List<FeatureDefinition> features, List<CleanRecord> train, ValueDistribution predictions) {
        List<CleanRecord> rows = evenSample(train, SAMPLE_ROWS);
        int width = features.size();
        double[][] numbers = new double[width][];
        String[][] categories = new String[width][];
        for (int column = 0; column < width; column++) {
            if (features.get(column).getType() == FeatureType.CATEGORICAL) {
                categories[column] = new String[rows.size()];
            } else {
                numbers[column] = new double[rows.size()];
            }
        }
        // Row by row: each record's values are read once, while they are in cache.
        for (int row = 0; row < rows.size(); row++) {
            List<Object> values = rows.get(row).getFeatures();
            for (int column = 0; column < width; column++) {
                if (numbers[column] != null) {
                    numbers[column][row] = FeatureValues.numberOf(values.get(column));
                } else {
                    categories[column][row] = FeatureValues.categoryOf(values.get(column));
                }
            }
        }
        List<ValueDistribution> distributions = new ArrayList<>(width);
        for (int column = 0; column < width; column++) {
            String name = features.get(column).getName();
            distributions.add(numbers[column] != null
                    ? binned(name, numbers[column], BINS)
                    : categorical(name, Arrays.asList(categories[column]), MAX_CATEGORIES));
        }
        return new DriftBaseline(distributions, predictions);
    }

    /** At most {@code limit} of {@code rows}, taken at even strides across the whole list; all of them when fewer. */
    static <T> List<T> evenSample(List<T> rows, int limit) {
        if (rows.size() <= limit) {
            return rows;
        }
        List<T> sample = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            sample.add(rows.get((int) ((long) i * rows.size() / limit)));
        }
        return sample;
    }

    /**
     * The share of each predicted class on the test split, from its confusion matrix (one row per true class, one
     * column per predicted class, in the order of {@code classes}); every class is a category.
     */
    public static ValueDistribution predictedClasses(List<String> classes, List<List<Long>> confusion) {
        long[] counts = new long[classes.size() + 2];
        long total = 0;
        for (List<Long> row : confusion) {
            for (int predicted = 0; predicted < classes.size() && predicted < row.size(); predicted++) {
                counts[predicted] += row.get(predicted);
                total += row.get(predicted);
            }
        }
        return distribution(PREDICTION, DistributionKind.CATEGORICAL, List.of(), classes, counts, total);
    }

    /**
     * Predicted values in quantile bins: {@value #BINS}, or fewer on a small test split so that each bin holds about
     * {@value #PREDICTIONS_PER_BIN} test predictions (at least 2 bins). A share estimated from a handful of test
     * records is noise: with 10 bins over 60 test predictions, a window of 200 live predictions from the very same
     * distribution scores a PSI of about 0.2 on average.
     */
    public static ValueDistribution predictedValues(double[] predicted) {
        return binned(PREDICTION, predicted, Math.clamp(predicted.length / PREDICTIONS_PER_BIN, 2, BINS));
    }

    /** {@code values} (NaN is missing) in at most {@code bins} bins with quantile edges. */
    static ValueDistribution binned(String name, double[] values, int bins) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        List<Double> edges = new ArrayList<>(bins - 1);
        for (int i = 1; i < bins && present.length > 0; i++) {
            double edge = present[(int) ((long) i * present.length / bins)];
            if (edge > present[0] && (edges.isEmpty() || edge > edges.getLast())) {
                edges.add(edge);
            }
        }
        BucketScheme scheme = BucketScheme.of(distribution(name, DistributionKind.BINNED, edges, List.of(), new long[edges.size() + 2], 0));
        long[] counts = new long[scheme.size()];
        for (double value : values) {
            counts[scheme.binOf(value)]++;
        }
        return distribution(name, DistributionKind.BINNED, edges, List.of(), counts, values.length);
    }

    /** {@code values} (null is missing) over their {@code maxCategories} most frequent categories, other and missing. */
    static ValueDistribution categorical(String name, List<String> values, int maxCategories) {
        Map<String, Long> frequency = new HashMap<>();
        values.stream().filter(v -> v != null).forEach(v -> frequency.merge(v, 1L, Long::sum));
        List<String> kept = frequency.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxCategories)
                .map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder())
                .toList();
        BucketScheme scheme = BucketScheme.of(distribution(name, DistributionKind.CATEGORICAL, List.of(), kept, new long[kept.size() + 2], 0));
        long[] counts = new long[scheme.size()];
        values.forEach(v -> counts[scheme.bucketOf(v)]++);
        return distribution(name, DistributionKind.CATEGORICAL, List.of(), kept, counts, values.size());
    }

    private static ValueDistribution distribution(String name, DistributionKind kind, List<Double> edges, List<String> categories,
                                                  long[] counts, long total) {
        List<Double> frequencies = new ArrayList<>(counts.length);
        for (long count : counts) {
            frequencies.add(total == 0 ? 0.0 : (double) count / total);
        }
        return ValueDistribution.newBuilder().setName(name).setKind(kind).setBinEdges(List.copyOf(edges))
                .setCategories(List.copyOf(categories)).setFrequencies(frequencies).build();
    }
}
