package io.streamtrain.ml.onnx;

/** A model (or preprocessing) that has no ONNX form: its message says what could not be written. */
public final class UnsupportedModelException extends Exception {

    public UnsupportedModelException(String message) {
        super(message);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
