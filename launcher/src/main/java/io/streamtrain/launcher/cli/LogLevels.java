package io.streamtrain.launcher.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Sets loggers at run time, so a summary printed to the console is not drowned in service logs. */
final class LogLevels {

    /** The names {@code --log-level} takes. */
    static final String CHOICES = "error, warn, info, debug or trace";

    private static final String[] STREAMTRAIN = {"io.streamtrain"};
    private static final String[] KAFKA = {"org.apache.kafka", "kafka", "state.change.logger"};
    /** Commands that run until stopped and report through their logs; every other command prints its own summary. */
    private static final Set<String> SERVICE_COMMANDS = Set.of("run", "demo");

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

    /**
     * The level named on the command line.
     *
     * @throws IllegalArgumentException for another name, listing the choices
     */
    static Level parse(String name) {
        Level level = Level.toLevel(name.strip().toUpperCase(Locale.ROOT), null);
        if (level == null || level == Level.ALL || level == Level.OFF) {
            throw new IllegalArgumentException("--log-level " + name + " is not a level; use " + CHOICES);
        }
        return level;
    }

    /**
     * Applies {@code --log-level} (null when not given) for {@code command}. streamtrain's loggers take the level; Kafka's
     * take it too, but at {@code info} stay at WARN (Kafka logs thousands of lines at INFO). Without the option, the
     * short commands (everything but {@code run} and {@code demo}) print only errors of Kafka and warnings of
     * streamtrain, and {@code run} keeps logback's configuration.
     */
    static void apply(String command, Level chosen) {
        if (chosen != null) {
            set(chosen, STREAMTRAIN);
            set(chosen == Level.INFO ? Level.WARN : chosen, KAFKA);
        } else if (!SERVICE_COMMANDS.contains(command) && System.getenv("STREAMTRAIN_LOG_LEVEL") == null) {
            set(Level.WARN, STREAMTRAIN);
            set(Level.ERROR, KAFKA);
        }
    }
}
