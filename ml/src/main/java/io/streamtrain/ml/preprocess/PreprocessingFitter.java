package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the preprocessing of one model on its train split, in one pass over the records.
 *
 * <ul>
 *   <li>Numeric and boolean features: missing values are imputed with the train mean, then every value is
 *       standardised with the train mean and sample standard deviation (a constant column is only centred).</li>
 *   <li>Categorical features: one-hot encoding over the train categories sorted by name (at most
 *       {@code maxCategories}, the most frequent); a missing or unseen category encodes as all zeros.</li>
 * </ul>
 *
 * <p>Give it the train split only: statistics that saw the test split would leak it into the evaluation.
 */
public final class PreprocessingFitter {

    /** Default bound of a categorical feature's one-hot vocabulary. */
    public static final int DEFAULT_MAX_CATEGORIES = 100;

    private final int maxCategories;

    /** A fitter keeping at most {@value #DEFAULT_MAX_CATEGORIES} categories per categorical feature. */
    public PreprocessingFitter() {
        this(DEFAULT_MAX_CATEGORIES);
    }

    /** A fitter keeping at most {@code maxCategories} (at least 1) categories per categorical feature. */
    public PreprocessingFitter(int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1, was " + maxCategories);
        }
        this.maxCategories = maxCategories;
    }

    /**
     * Fits on {@code trainRecords}, whose feature values are positional in the order of {@code features}.
     *
     * @throws IllegalArgumentException when a record has a different number of feature values
     */
    public FittedPreprocessing fit(List<FeatureDefinition> features, List<CleanRecord> trainRecords) {
        List<ColumnStatistics> statistics = features.stream().map(this::statisticsFor).toList();
        for (CleanRecord record : trainRecords) {
            List<Object> values = record.getFeatures();
            if (values.size() != statistics.size()) {
                throw new IllegalArgumentException("record " + record.getRecordId() + " has " + values.size()
                        + " feature values; the features are " + features.size());
            }
            for (int column = 0; column < statistics.size(); column++) {
                statistics.get(column).add(values.get(column));
            }
        }
        List<FittedColumn> columns = new ArrayList<>(features.size());
        for (int column = 0; column < features.size(); column++) {
            columns.add(statistics.get(column).fitted(features.get(column).getName()));
        }
        return new FittedPreprocessing(columns);
    }

    private ColumnStatistics statisticsFor(FeatureDefinition feature) {
        return feature.getType() == FeatureType.CATEGORICAL ? new CategoryStatistics(maxCategories) : new NumericStatistics();
    }
}
