package io.streamtrain.launcher.cli;

/** The Kafka cluster a command was pointed at did not answer; the message names the address and how to change it. */
public final class ClusterUnreachableException extends RuntimeException {

    public ClusterUnreachableException(String message) {
        super(message);
    }
}
