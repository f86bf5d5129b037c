/**
 * Random forests scored from flat arrays instead of Smile's node objects. {@link ForestCompiler} turns a trained
 * Smile random forest into a {@link FlatClassificationForest} or {@link FlatRegressionForest}: per node a split
 * column, a threshold and two child indices, per leaf its output, all trees concatenated in int and double arrays.
 * A prediction walks those arrays with the vector's own values, where Smile walks node objects through a data-frame
 * tuple and its formula binding, and combines the trees exactly as Smile does, so both give the same bits.
 * Forests with anything the compiler does not know (a nominal split, a leaf of another kind, columns other than
 * the scoring vector's) are refused with an {@link UnsupportedForestException}; the caller keeps Smile's predict.
 */
package io.streamtrain.ml.model.forest;
