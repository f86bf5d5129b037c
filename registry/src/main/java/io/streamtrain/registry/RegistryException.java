package io.streamtrain.registry;

/** An operator's registry command could not be carried out; the message says why. Nothing was changed by it. */
public final class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
