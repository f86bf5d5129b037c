package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

    @Test
    void shouldServeNoHealthEndpointByDefault() {
        RunCommand command = parse("trainer", "--config", "pipeline.properties");

        assertThat(command.healthPort).isNull();
    }

    @Test
    void shouldTakeTheHealthPort() {
        assertThat(parse("trainer", "--config", "pipeline.properties", "--health-port", "8081").healthPort).isEqualTo(8081);
        assertThat(parse("trainer", "--config", "pipeline.properties", "--health-port=0").healthPort).isZero();
    }

    @Test
    void shouldServeHealthOnLoopbackUnlessToldOtherwise() {
        assertThat(parse("trainer", "--config", "pipeline.properties", "--health-port", "8081").healthHost).isEqualTo("127.0.0.1");
        assertThat(parse("trainer", "--config", "pipeline.properties", "--health-port", "8081", "--health-host", "0.0.0.0").healthHost)
                .isEqualTo("0.0.0.0");
    }

    @Test
    void shouldRefuseAHealthPortOutOfRange() {
        assertThatThrownBy(() -> parse("trainer", "--config", "pipeline.properties", "--health-port", "65536"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--health-port");
        assertThatThrownBy(() -> parse("trainer", "--config", "pipeline.properties", "--health-port", "-1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--health-port");
    }

    private static RunCommand parse(String... args) {
        RunCommand command = new RunCommand();
        CommandLines.configure(new CommandLine(command)).parseArgs(args);
        return command;
    }
}
