package io.streamtrain.trainer;

import io.streamtrain.core.testing.ChildJvm;
import io.streamtrain.core.testing.PropertiesFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A {@link TrainerProcessMain} in a child JVM on the test's classpath; its output goes to a log file. */
final class TrainerProcess {

    private TrainerProcess() {
    }

    /** Starts a trainer of the pipeline configured by {@code settings}, logging to {@code log}. */
    static ChildJvm start(Map<String, String> settings, Path log) {
        Path config = PropertiesFile.write(log.resolveSibling(log.getFileName() + ".properties"), settings);
        return ChildJvm.start(TrainerProcessMain.class.getName(), List.of(config.toString()), log, Map.of());
    }
}
