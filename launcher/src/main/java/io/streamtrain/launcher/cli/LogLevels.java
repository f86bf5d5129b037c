package io.streamtrain.launcher.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Turns loggers down at run time, so a summary printed to the console is not drowned in service logs. */
final class LogLevels {

    private LogLevels() {
    }

    /** Sets each named logger to {@code level}. */
    static void set(Level level, String... loggerNames) {
        for (String name : loggerNames) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(level);
            }
        }
    }
}
