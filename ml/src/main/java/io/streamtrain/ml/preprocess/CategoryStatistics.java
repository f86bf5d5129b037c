package io.streamtrain.ml.preprocess;

import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.messages.FittedColumn;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted preprocessing of a categorical column: a vocabulary of its most frequent train categories (ties by
 * name), at most {@code maxCategories}, sorted by name, followed by an "other" slot that rarer train categories
 * and categories first seen at scoring time set; and the category that replaces a missing value (the most
 * frequent one, or the configured constant, which encodes as "other" when it is not in the vocabulary).
 */
final class CategoryStatistics implements ColumnStatistics {

    private final int maxCategories;
    private final MissingValueRule rule;
    private final Map<String, Long> counts = new HashMap<>();

    CategoryStatistics(int maxCategories, MissingValueRule rule) {
        this.maxCategories = maxCategories;
        this.rule = rule;
    }

    @Override
    public void add(Object value) {
        String category = FeatureValues.categoryOf(value);
        if (category != null) {
            counts.merge(category, 1L, Long::sum);
        }
    }

    /** A column without a single value: the trainer skips such a window, so no fitted values exist. */
    @Override
    public FittedColumn fitted(String feature) {
        List<String> byFrequency = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        if (byFrequency.isEmpty()) {
            throw new IllegalStateException("feature " + feature + " has no value in the train split");
        }
        List<String> vocabulary = byFrequency.stream().limit(maxCategories).sorted(Comparator.naturalOrder()).toList();
        String impute = rule.strategy() == MissingValueStrategy.CONSTANT ? rule.constant() : byFrequency.getFirst();
        return FittedColumn.newBuilder()
                .setFeature(feature)
                .setImputeNumber(null)
                .setCenter(0.0)
                .setScale(1.0)
                .setCategories(vocabulary)
                .setOtherSlot(true)
                .setImputeCategory(impute)
                .build();
    }
}
