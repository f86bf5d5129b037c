package io.streamtrain.ml.preprocess;

import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fits the preprocessing of one model on its train split, in one pass over the records, as a
 * {@link PreprocessingSpec} asks: per feature, the missing-value replacement, outlier clipping and scaling
 * (numeric and boolean) or the one-hot vocabulary with its "other" slot (categorical). See
 * {@link NumericStatistics} and {@link CategoryStatistics}.
 *
 * <p>Give it the train split only: statistics that saw the test split would leak it into the evaluation. Rows
 * to drop (the drop-row strategy) must already be gone, and every feature must have at least one value.
 */
public final class PreprocessingFitter {

    private final PreprocessingSpec spec;

    /** A fitter with {@link PreprocessingSpec#DEFAULTS}. */
    public PreprocessingFitter() {
        this(PreprocessingSpec.DEFAULTS);
    }

    public PreprocessingFitter(PreprocessingSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * Fits on {@code trainRecords}, whose feature values are positional in the order of {@code features}.
     *
     * @throws IllegalArgumentException when a record has a different number of feature values
     * @throws IllegalStateException    when a feature has no value in any record
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
        return feature.getType() == FeatureType.CATEGORICAL
                ? new CategoryStatistics(spec.maxCategories(), spec.ruleFor(feature.getName()))
                : new NumericStatistics(spec.ruleFor(feature.getName()), spec.scaling(), spec.clipQuantile());
    }
}
