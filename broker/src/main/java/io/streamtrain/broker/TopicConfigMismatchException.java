package io.streamtrain.broker;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Topics exist already, but with a config the pipeline cannot work with; streamtrain does not change existing topics.
 */
public final class TopicConfigMismatchException extends TopicProvisioningException {

    /**
     * One existing topic's config that differs from its spec.
     *
     * @param topic    the topic
     * @param key      the topic config, for example {@code cleanup.policy}
     * @param expected the value of the spec
     * @param actual   the value the topic has
     */
    public record Mismatch(String topic, String key, String expected, String actual) {

        public Mismatch {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        String describe() {
            return "topic " + topic + " has " + key + "=" + actual + " but needs " + key + "=" + expected
                    + " (change it with kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config " + key + "=" + expected + ", or delete the topic so it is created anew)";
        }
    }

    private final List<Mismatch> mismatches;

    TopicConfigMismatchException(List<Mismatch> mismatches) {
        super(mismatches.stream().map(Mismatch::describe)
                .collect(Collectors.joining("; ", "Existing topics do not match the pipeline's topic specs: ", "")));
        this.mismatches = List.copyOf(mismatches);
    }

    /** Every mismatch found, in spec order. */
    public List<Mismatch> mismatches() {
        return mismatches;
    }
}
