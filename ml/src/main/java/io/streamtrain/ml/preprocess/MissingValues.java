package io.streamtrain.ml.preprocess;

import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.ml.rows.RecordView;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Missing values seen over whole rows and columns, with the same rule as the fitter and the transformer:
 * null, NaN, an infinity, a blank category or a value of the wrong kind is missing.
 */
public final class MissingValues {

    private MissingValues() {
    }

    /** Whether a raw value of a feature of {@code type} is missing. */
    public static boolean isMissing(Object value, FeatureType type) {
        return type == FeatureType.CATEGORICAL ? FeatureValues.categoryOf(value) == null : Double.isNaN(FeatureValues.numberOf(value));
    }

    /** {@code records} without those missing a feature whose rule is drop-row, in their order. */
    public static List<CleanRecord> withoutDroppedRows(List<FeatureDefinition> features, PreprocessingSpec spec, List<CleanRecord> records) {
        int[] dropColumns = IntStream.range(0, features.size())
                .filter(c -> spec.ruleFor(features.get(c).getName()).strategy() == MissingValueStrategy.DROP_ROW)
                .toArray();
        if (dropColumns.length == 0) {
            return records;
        }
        return RecordView.filter(records, r -> {
            for (int c : dropColumns) {
                if (isMissing(r.getFeatures().get(c), features.get(c).getType())) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The first feature that has no value in any of {@code records}. */
    public static Optional<String> featureWithoutValue(List<FeatureDefinition> features, List<CleanRecord> records) {
        for (int c = 0; c < features.size(); c++) {
            final int column = c;
            FeatureType type = features.get(c).getType();
            if (records.stream().allMatch(r -> isMissing(r.getFeatures().get(column), type))) {
                return Optional.of(features.get(c).getName());
            }
        }
        return Optional.empty();
    }
}
