package io.streamtrain.launcher.cli;

import picocli.CommandLine;

/** Command-line arguments parsed into {@link ConfigurationOptions}, as by a command that mixes them in. */
final class ConfigurationArgs {

    private ConfigurationArgs() {
    }

    static ConfigurationOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options;
    }

    @CommandLine.Command(name = "test")
    static final class Holder {
        @CommandLine.Mixin
        ConfigurationOptions options;
    }
}
