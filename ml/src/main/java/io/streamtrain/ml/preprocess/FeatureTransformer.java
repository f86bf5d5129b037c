package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.ModelEnvelope;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a record's raw feature values into the model's input vector by applying fitted preprocessing.
 * The trainer and the scorer both go through this class, so one raw record yields the same vector in both.
 *
 * <p>Layout: columns in feature order; a numeric or boolean feature takes one slot, a categorical feature one
 * slot per vocabulary category plus its "other" slot. Immutable and thread-safe.
 */
public final class FeatureTransformer {

    private final List<ColumnEncoder> encoders;
    private final int[] offsets;
    private final int width;

    /**
     * @param features      the features in column order, as in the model's feature schema
     * @param preprocessing one fitted column per feature, in the same order
     * @throws IllegalArgumentException when the preprocessing does not fit the features or holds unusable values
     */
    public FeatureTransformer(List<FeatureDefinition> features, FittedPreprocessing preprocessing) {
        List<FittedColumn> columns = preprocessing.getColumns();
        if (columns.size() != features.size()) {
            throw new IllegalArgumentException("preprocessing has " + columns.size() + " columns for " + features.size() + " features");
        }
        List<ColumnEncoder> built = new ArrayList<>(columns.size());
        offsets = new int[columns.size()];
        int offset = 0;
        for (int i = 0; i < columns.size(); i++) {
            ColumnEncoder encoder = encoderFor(features.get(i), columns.get(i));
            built.add(encoder);
            offsets[i] = offset;
            offset += encoder.width();
        }
        this.encoders = List.copyOf(built);
        this.width = offset;
    }

    /** The transformer of a model envelope's feature schema and preprocessing. */
    public static FeatureTransformer of(ModelEnvelope envelope) {
        return new FeatureTransformer(envelope.getFeatureSchema().getFeatures(), envelope.getPreprocessing());
    }

    /** Length of every vector {@link #transform} returns. */
    public int width() {
        return width;
    }

    /**
     * The model input for one record's feature values (positional; null, NaN, an infinity or a value of the wrong
     * kind is missing).
     *
     * @throws IllegalArgumentException when {@code features} has a different number of values than the model's features
     */
    public double[] transform(List<?> features) {
        if (features.size() != encoders.size()) {
            throw new IllegalArgumentException("record has " + features.size() + " feature values; the model expects " + encoders.size());
        }
        double[] vector = new double[width];
        for (int i = 0; i < encoders.size(); i++) {
            encoders.get(i).encode(features.get(i), vector, offsets[i]);
        }
        return vector;
    }

    private static ColumnEncoder encoderFor(FeatureDefinition feature, FittedColumn column) {
        if (!feature.getName().equals(column.getFeature())) {
            throw new IllegalArgumentException("preprocessing column " + column.getFeature() + " stands where feature " + feature.getName() + " is expected");
        }
        try {
            return feature.getType() == FeatureType.CATEGORICAL ? ColumnEncoder.OneHot.of(column) : ColumnEncoder.Numeric.of(column);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feature " + feature.getName() + ": " + e.getMessage(), e);
        }
    }
}
