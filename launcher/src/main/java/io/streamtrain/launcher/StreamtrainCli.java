package io.streamtrain.launcher;

import io.streamtrain.launcher.cli.BackfillCommand;
import io.streamtrain.launcher.cli.CommandLines;
import io.streamtrain.launcher.cli.DemoCommand;
import io.streamtrain.launcher.cli.DlqCommand;
import io.streamtrain.launcher.cli.InitCommand;
import io.streamtrain.launcher.cli.ProduceCommand;
import io.streamtrain.launcher.cli.KeysCommand;
import io.streamtrain.launcher.cli.ModelsCommand;
import io.streamtrain.launcher.cli.RunCommand;
import io.streamtrain.launcher.cli.ScoreCommand;
import io.streamtrain.launcher.cli.TopicsCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code streamtrain} command. */
@Command(name = "streamtrain",
        mixinStandardHelpOptions = true,
        versionProvider = StreamtrainCli.Version.class,
        description = "Turns a Kafka stream into continuously retrained, versioned and served models.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran but some records or a service failed (the summary says which)",
                "2:wrong command line, configuration or input file (the message says what to fix)",
                "3:the Kafka cluster could not be reached (the message names its address)",
                "70:internal error (a bug; the stack trace is printed)"},
        subcommands = {InitCommand.class, DemoCommand.class, RunCommand.class, TopicsCommand.class, ProduceCommand.class,
                BackfillCommand.class, ScoreCommand.class, DlqCommand.class, KeysCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class})
public final class StreamtrainCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Read from the parse result by {@link CommandLines}; declared here so every command accepts it. */
    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Log level: error, warn, info, debug (also prints the stack trace of an error) or trace "
                    + "(default: warn for short commands, info for run).")
    String logLevel;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The command line with every command, the duration converter, the log level and the error report wired in. */
    public static CommandLine commandLine() {
        return CommandLines.configure(new CommandLine(new StreamtrainCli()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StreamtrainCli.class.getPackage().getImplementationVersion();
            return new String[] {"streamtrain " + (version == null ? "dev" : version)};
        }
    }
}
