package io.streamtrain.bench.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Weka's example data sets, from Debian's {@code weka} package: downloaded with {@code apt-get download} and unpacked
 * with {@code dpkg -x}, so no data set is committed. {@code -Dbench.weka.dir=<examples folder>} uses an unpacked copy.
 */
final class WekaExamples {

    private static final String EXAMPLES = "usr/share/doc/weka/examples";

    private WekaExamples() {
    }

    /** The folder holding the ARFF files, fetched into {@code directory} unless {@code -Dbench.weka.dir} names one. */
    static Path folder(Path directory) throws IOException, InterruptedException {
        String configured = System.getProperty("bench.weka.dir", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        run(directory, List.of("apt-get", "download", "weka"));
        Path deb;
        try (Stream<Path> files = Files.list(directory)) {
            deb = files.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download weka left no .deb in " + directory));
        }
        Path unpacked = directory.resolve("weka");
        run(directory, List.of("dpkg", "-x", deb.toString(), unpacked.toString()));
        return unpacked.resolve(EXAMPLES);
    }

    private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue()
                    + "); the benchmark needs Debian's apt-get and dpkg, or -Dbench.weka.dir=<folder of Weka's example ARFF files>");
        }
    }
}
