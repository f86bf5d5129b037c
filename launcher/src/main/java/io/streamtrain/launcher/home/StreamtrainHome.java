package io.streamtrain.launcher.home;

import java.nio.file.Path;

/**
 * streamtrain's folder on this machine, for what local runs share with later commands (the development keys, the
 * address of a running embedded broker): {@code $STREAMTRAIN_HOME}, else {@code ~/.streamtrain}.
 */
public final class StreamtrainHome {

    /** Environment variable naming the folder. */
    public static final String ENV = "STREAMTRAIN_HOME";
    /** System property naming the folder; wins over the environment (tests give each run its own). */
    public static final String PROPERTY = "streamtrain.home";

    private StreamtrainHome() {
    }

    public static Path folder() {
        String home = System.getProperty(PROPERTY, System.getenv(ENV));
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".streamtrain") : Path.of(home);
    }
}
