package io.streamtrain.launcher.cli;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Wires the behaviour every {@code streamtrain} command shares into a picocli command line. */
public final class CommandLines {

    private static final String LOG_LEVEL = "--log-level";

    private CommandLines() {
    }

    /**
     * Registers {@link DurationArgument} for every duration option, applies {@code --log-level} (or the command's quiet
     * default) before a command runs, and reports a failing command through {@link ErrorReport}.
     */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.registerConverter(Duration.class, new DurationArgument());
        commandLine.setExecutionStrategy(CommandLines::execute);
        return commandLine;
    }

    private static int execute(ParseResult parseResult) {
        Level level = null;
        String command = parseResult.commandSpec().name();
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(LOG_LEVEL)) {
                level = parseLevel(result);
            }
            if (result != parseResult && result.commandSpec().parent() == parseResult.commandSpec()) {
                command = result.commandSpec().name();
            }
        }
        LogLevels.apply(command, level);
        boolean traces = level != null && !level.isGreaterOrEqual(Level.INFO);
        parseResult.commandSpec().commandLine().setExecutionExceptionHandler(new ErrorReport(traces));
        return new CommandLine.RunLast().execute(parseResult);
    }

    private static Level parseLevel(ParseResult result) {
        String name = result.matchedOptionValue(LOG_LEVEL, "");
        try {
            return LogLevels.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(result.commandSpec().commandLine(), e.getMessage());
        }
    }
}
