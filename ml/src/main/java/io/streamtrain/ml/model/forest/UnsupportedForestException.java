package io.streamtrain.ml.model.forest;

/** A forest {@link ForestCompiler} cannot turn into flat arrays without changing its predictions; the message says why. */
public final class UnsupportedForestException extends Exception {

    UnsupportedForestException(String message) {
        super(message);
    }
}
