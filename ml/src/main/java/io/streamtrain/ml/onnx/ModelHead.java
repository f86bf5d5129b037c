package io.streamtrain.ml.onnx;

/**
 * What a model's graph computes from the model input, before the outputs are named: class probabilities
 * ({@code [N, classes]} double, columns in the envelope's class order) with the predicted class index ({@code [N]}
 * int64), or the predicted value ({@code [N, 1]} double).
 */
sealed interface ModelHead {

    record Classes(String probabilities, String classIndex) implements ModelHead {
    }

    record Value(String value) implements ModelHead {
    }
}
