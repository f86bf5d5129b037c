package io.streamtrain.ml.model;

import java.util.ArrayList;
import java.util.List;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;

/**
 * The column names under which Smile's tree models see a preprocessed vector: {@code v0 .. v<width-1>}. Trees
 * bind inputs by column name, so training (a data frame) and scoring (one tuple) must use exactly these names.
 */
public final class VectorSchema {

    /** Name of the label column in a training data frame. */
    public static final String LABEL = "label";

    private final StructType schema;
    private final String[] names;

    private VectorSchema(int width) {
        names = new String[width];
        List<StructField> fields = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names[i] = "v" + i;
            fields.add(new StructField(names[i], DataTypes.DoubleType));
        }
        schema = new StructType(fields);
    }

    /** The schema of {@code width}-wide vectors. */
    public static VectorSchema of(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a model input needs at least one column, got width " + width);
        }
        return new VectorSchema(width);
    }

    /** {@code x} as a data frame with these column names (the label column is added by the caller). */
    public DataFrame frame(double[][] x) {
        return DataFrame.of(x, names);
    }

    /** The schema itself: the columns {@code v0 .. v<width-1>}, all doubles. */
    public StructType structType() {
        return schema;
    }

    /** One vector as a tuple of this schema; wraps {@code x} without copying. */
    public Tuple tuple(double[] x) {
        return Tuple.of(schema, x);
    }
}
