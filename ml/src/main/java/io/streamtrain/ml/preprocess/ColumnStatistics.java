package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.FittedColumn;

/** Statistics of one feature column, accumulated one train value at a time. */
sealed interface ColumnStatistics permits NumericStatistics, CategoryStatistics {

    /** Adds one raw value (possibly missing). */
    void add(Object value);

    /** The fitted preprocessing of the column named {@code feature}. */
    FittedColumn fitted(String feature);
}
