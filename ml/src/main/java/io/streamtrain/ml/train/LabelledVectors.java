package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.util.List;

/**
 * Records as model input: one preprocessed vector and one class index per record.
 *
 * @param x vectors, one row per record
 * @param y class indices; {@link ClassIndex#UNSEEN} for a label that is not a model class
 */
record LabelledVectors(double[][] x, int[] y) {

    static LabelledVectors of(List<CleanRecord> records, FeatureTransformer transformer, ClassIndex classes) {
        double[][] x = new double[records.size()][];
        int[] y = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            CleanRecord record = records.get(i);
            x[i] = transformer.transform(record.getFeatures());
            y[i] = classes.indexOf(record.getLabel());
        }
        return new LabelledVectors(x, y);
    }

    int size() {
        return y.length;
    }
}
