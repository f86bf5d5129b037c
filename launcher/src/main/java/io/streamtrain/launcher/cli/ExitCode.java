package io.streamtrain.launcher.cli;

/**
 * The exit statuses of every {@code streamtrain} command, documented in the CLI reference. Scripts can tell a refused
 * command line or file (fix the input) from an unreachable cluster (retry later) and from records that failed.
 */
public final class ExitCode {

    /** The command did everything it was asked. */
    public static final int OK = 0;
    /** The command ran, but some of its work failed: records dead-lettered or not scored, a service failed. */
    public static final int PARTIAL_FAILURE = 1;
    /** The command line, a configuration or an input file is wrong; the message names what to fix. Nothing was done. */
    public static final int USAGE = 2;
    /** The Kafka cluster could not be reached or did not answer in time; the message names its address. */
    public static final int UNREACHABLE = 3;
    /** A fault inside streamtrain (a bug): the message is followed by the stack trace to report. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
