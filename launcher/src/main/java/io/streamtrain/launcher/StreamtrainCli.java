package io.streamtrain.launcher;

import io.streamtrain.launcher.cli.BackfillCommand;
import io.streamtrain.launcher.cli.DemoCommand;
import io.streamtrain.launcher.cli.ProduceCommand;
import io.streamtrain.launcher.cli.KeysCommand;
import io.streamtrain.launcher.cli.ModelsCommand;
import io.streamtrain.launcher.cli.RunCommand;
import io.streamtrain.launcher.cli.ScoreCommand;
import io.streamtrain.launcher.cli.TopicsCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamtrain} command. */
@Command(name = "streamtrain",
        mixinStandardHelpOptions = true,
        versionProvider = StreamtrainCli.Version.class,
        description = "Turns a Kafka stream into continuously retrained, versioned and served models.",
        subcommands = {DemoCommand.class, RunCommand.class, TopicsCommand.class, ProduceCommand.class, BackfillCommand.class, ScoreCommand.class, KeysCommand.class, ModelsCommand.class, CommandLine.HelpCommand.class})
public final class StreamtrainCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new StreamtrainCli()).execute(args));
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
