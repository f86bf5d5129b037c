package io.streamtrain.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Writes settings as a {@code .properties} file, the form in which a service in a child JVM reads its configuration. */
public final class PropertiesFile {

    private PropertiesFile() {
    }

    /** Writes {@code settings} to {@code file}, replacing it; returns {@code file}. */
    public static Path write(Path file, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
