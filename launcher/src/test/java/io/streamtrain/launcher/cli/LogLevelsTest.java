package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogLevelsTest {

    private final Level streamtrain = logger("io.streamtrain").getLevel();
    private final Level kafka = logger("org.apache.kafka").getLevel();

    @AfterEach
    void restore() {
        logger("io.streamtrain").setLevel(streamtrain);
        logger("org.apache.kafka").setLevel(kafka);
    }

    @Test
    void shouldQuietenShortCommandsByDefaultButNotRun() {
        logger("io.streamtrain").setLevel(Level.INFO);
        logger("org.apache.kafka").setLevel(Level.WARN);

        LogLevels.apply("run", null);
        assertThat(logger("io.streamtrain").getLevel()).isEqualTo(Level.INFO);

        LogLevels.apply("produce", null);
        assertThat(logger("io.streamtrain").getLevel()).isEqualTo(Level.WARN);
        assertThat(logger("org.apache.kafka").getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void shouldApplyTheChosenLevelKeepingKafkaAtWarnForInfo() {
        LogLevels.apply("produce", Level.INFO);
        assertThat(logger("io.streamtrain").getLevel()).isEqualTo(Level.INFO);
        assertThat(logger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);

        LogLevels.apply("run", Level.DEBUG);
        assertThat(logger("io.streamtrain").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(logger("org.apache.kafka").getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void shouldRefuseAnUnknownLevel() {
        assertThat(LogLevels.parse("Debug")).isEqualTo(Level.DEBUG);
        assertThatThrownBy(() -> LogLevels.parse("off")).hasMessage("--log-level off is not a level; use error, warn, info, debug or trace");
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
