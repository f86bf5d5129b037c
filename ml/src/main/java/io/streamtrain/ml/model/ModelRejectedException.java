package io.streamtrain.ml.model;

/** A model envelope that must not be served: wrong pipeline, digest mismatch, other Smile version, forbidden classes. */
public final class ModelRejectedException extends Exception {

    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
