package io.streamtrain.ml.drift;

import io.streamtrain.messages.DistributionKind;
import io.streamtrain.messages.ValueDistribution;
import io.streamtrain.ml.preprocess.FeatureValues;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sorts raw values into the buckets of a {@link ValueDistribution}, with the same reading of values as the
 * preprocessing ({@link FeatureValues}): NaN, infinite, null and blank are missing. The last bucket is always
 * missing; a categorical scheme's bucket before it is other.
 *
 * <p>Immutable and thread-safe. {@link #bucketOf} costs a search over the bin edges or one probe of a
 * {@link CategoryIndex}; it allocates nothing.
 */
public final class BucketScheme {

    /** Most bin edges searched by counting rather than halving. */
    private static final int LINEAR_SEARCH_EDGES = 16;

    private final String name;
    private final DistributionKind kind;
    private final double[] edges;
    private final CategoryIndex categories;
    private final int categoryCount;
    private final double[] expected;

    private BucketScheme(String name, DistributionKind kind, double[] edges, List<String> categories, double[] expected) {
        this.name = name;
        this.kind = kind;
        this.edges = edges;
        this.categories = new CategoryIndex(categories);
        this.categoryCount = categories.size();
        this.expected = expected;
    }

    /**
     * @throws IllegalArgumentException when the distribution is inconsistent: edges not ascending or not finite,
     *                                  or not one frequency per bucket
     */
    public static BucketScheme of(ValueDistribution distribution) {
        String name = distribution.getName();
        double[] edges = distribution.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray();
        List<String> names = distribution.getCategories();
        Set<String> distinct = new HashSet<>();
        for (String category : names) {
            if (!distinct.add(category)) {
                throw new IllegalArgumentException("distribution of " + name + " lists category " + category + " twice");
            }
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && edges[i] <= edges[i - 1])) {
                throw new IllegalArgumentException("distribution of " + name + " has bin edges that are not finite and ascending: "
                        + distribution.getBinEdges());
            }
        }
        int buckets = distribution.getKind() == DistributionKind.BINNED ? edges.length + 2 : names.size() + 2;
        double[] expected = distribution.getFrequencies().stream().mapToDouble(Double::doubleValue).toArray();
        if (expected.length != buckets) {
            throw new IllegalArgumentException("distribution of " + name + " has " + expected.length + " frequencies for "
                    + buckets + " buckets");
        }
        return new BucketScheme(name, distribution.getKind(), edges, List.copyOf(names), expected);
    }

    /** The feature's name, or {@code prediction}. */
    public String name() {
        return name;
    }

    /** Number of buckets, missing included. */
    public int size() {
        return expected.length;
    }

    /** The baseline's share per bucket (a copy). */
    public double[] expected() {
        return expected.clone();
    }

    /** The bucket of {@code value}: a bin or category, other (categorical), or missing (the last). */
    public int bucketOf(Object value) {
        if (kind == DistributionKind.BINNED) {
            // Clean records hold numbers as Double: read those directly, the rest through the preprocessing's rules.
            return binOf(value instanceof Double number ? (Double.isInfinite(number) ? Double.NaN : number) : FeatureValues.numberOf(value));
        }
        return categoryBucketOf(FeatureValues.categoryOf(value));
    }

    /** The bucket of a number, for binned schemes; NaN is missing. */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            return edges.length + 1;
        }
        if (edges.length <= LINEAR_SEARCH_EDGES) {
            // Counting the edges at or below the value compiles without branches, which beats a binary search's
            // unpredictable ones on a few edges.
            int bin = 0;
            for (double edge : edges) {
                bin += edge <= value ? 1 : 0;
            }
            return bin;
        }
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (edges[middle] > value) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private int categoryBucketOf(String category) {
        if (category == null) {
            return categoryCount + 1;
        }
        int position = categories.positionOf(category);
        return position < 0 ? categoryCount : position;
    }
}
