package io.streamtrain.broker;

/**
 * Kafka asked to end the JVM while an {@link EmbeddedKafkaBroker} ran, and the broker was marked failed instead.
 *
 * <p>Kafka's fault handlers call {@code Exit.exit} or {@code Exit.halt} on faults a standalone broker cannot
 * survive, such as an out-of-memory in the log cleaner or a lost log directory. The stack trace is the one of the
 * thread that asked, which shows the failing broker component.
 */
public final class BrokerFaultException extends RuntimeException {

    private final String procedure;
    private final int statusCode;

    BrokerFaultException(String procedure, int statusCode, String reason) {
        super("Kafka asked to " + procedure + " the JVM with status " + statusCode
                + (reason == null ? " (Kafka logged the fault at ERROR just before)" : ": " + reason));
        this.procedure = procedure;
        this.statusCode = statusCode;
    }

    /** {@code "exit"} or {@code "halt"}: what Kafka asked for. */
    public String procedure() {
        return procedure;
    }

    /** The exit status Kafka asked for. */
    public int statusCode() {
        return statusCode;
    }
}
