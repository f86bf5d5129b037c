package io.streamtrain.launcher.cli;

import io.streamtrain.registry.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that ends a command into one sentence on standard error and an {@link ExitCode}: a user error
 * (configuration, file, unreachable cluster, a missing model) is reported as {@code streamtrain <command>: <what is
 * wrong>}, without a stack trace; only an unexpected fault, a bug, also prints its stack trace. With
 * {@code --log-level debug} every error prints its stack trace.
 */
final class ErrorReport implements IExecutionExceptionHandler {

    private final boolean traces;

    /** @param traces whether to print every error's stack trace (the user asked for debug output) */
    ErrorReport(boolean traces) {
        this.traces = traces;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Classified error = classify(exception);
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + error.message());
        if (error.exitCode() == ExitCode.INTERNAL || traces) {
            exception.printStackTrace(err);
        }
        err.flush();
        return error.exitCode();
    }

    /** A message for the user and the exit status it ends with. */
    record Classified(String message, int exitCode) {
    }

    /** The user's error found in {@code exception} or its causes, or an internal error. */
    static Classified classify(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            Classified known = known(cause);
            if (known != null) {
                return known;
            }
            if (!(cause instanceof ExecutionException || cause instanceof KafkaException
                    || cause instanceof CommandLine.ExecutionException)) {
                break;
            }
        }
        return new Classified("internal error, please report it with the stack trace below: " + exception, ExitCode.INTERNAL);
    }

    private static Classified known(Throwable cause) {
        return switch (cause) {
            case ClusterUnreachableException e -> new Classified(e.getMessage(), ExitCode.UNREACHABLE);
            case TimeoutException e -> new Classified("the Kafka cluster did not answer in time: " + e.getMessage(), ExitCode.UNREACHABLE);
            case ConfigException e -> new Classified(e.getMessage(), ExitCode.USAGE);
            case UncheckedIOException e -> new Classified(e.getMessage() + ": " + e.getCause().getMessage(), ExitCode.USAGE);
            case NoSuchFileException e -> new Classified("no such file: " + e.getFile(), ExitCode.USAGE);
            case AccessDeniedException e -> new Classified("permission denied: " + e.getFile(), ExitCode.USAGE);
            case FileAlreadyExistsException e -> new Classified(e.getFile() + " exists already"
                    + (e.getReason() == null ? "" : ": " + e.getReason()), ExitCode.USAGE);
            case IllegalArgumentException e -> new Classified(e.getMessage(), ExitCode.USAGE);
            case IllegalStateException e -> new Classified(e.getMessage(), ExitCode.PARTIAL_FAILURE);
            // A registry operation the registry refused (an unknown version, a signature that does not verify) or could
            // not carry out: the command ran, its work failed, and the message says why.
            case RegistryException e -> new Classified(e.getMessage(), ExitCode.PARTIAL_FAILURE);
            case IOException e -> new Classified(e.getMessage(), ExitCode.USAGE);
            default -> null;
        };
    }
}
