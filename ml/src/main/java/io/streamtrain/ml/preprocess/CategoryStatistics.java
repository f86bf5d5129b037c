package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.FittedColumn;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The vocabulary of a categorical column: its most frequent categories (ties by name), at most
 * {@code maxCategories}, sorted by name. Rarer categories encode like unseen ones, as all zeros, which
 * keeps the model's width bounded when a column is nearly unique per record.
 */
final class CategoryStatistics implements ColumnStatistics {

    private final int maxCategories;
    private final Map<String, Long> counts = new HashMap<>();

    CategoryStatistics(int maxCategories) {
        this.maxCategories = maxCategories;
    }

    @Override
    public void add(Object value) {
        String category = FeatureValues.categoryOf(value);
        if (category != null) {
            counts.merge(category, 1L, Long::sum);
        }
    }

    @Override
    public FittedColumn fitted(String feature) {
        var vocabulary = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxCategories)
                .map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder())
                .toList();
        return FittedColumn.newBuilder()
                .setFeature(feature)
                .setImputeNumber(null)
                .setCenter(0.0)
                .setScale(1.0)
                .setCategories(vocabulary)
                .build();
    }
}
