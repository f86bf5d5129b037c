package io.streamtrain.broker;

/** The {@link TopicProvisioner} could not make the cluster's topics match their specs. */
public class TopicProvisioningException extends RuntimeException {

    TopicProvisioningException(String message) {
        super(message);
    }

    TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
