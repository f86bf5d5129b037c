package io.streamtrain.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Reads service configuration from a properties file and overrides it from the environment. A relative
 * {@code input.schema} and {@code input.writer.schemas} in the file are resolved against the file's folder.
 *
 * <p>An environment variable {@code STREAMTRAIN_<KEY>} overrides the key obtained by lower-casing
 * {@code <KEY>}, turning {@code __} into {@code -} and then {@code _} into {@code .}; for example
 * {@code STREAMTRAIN_WINDOW_SIZE_MS} sets {@code window.size.ms} and
 * {@code STREAMTRAIN_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrap.servers}.
 */
public final class ConfigSources {

    /** Prefix of environment variables that override configuration keys. */
    public static final String ENV_PREFIX = "STREAMTRAIN_";

    private ConfigSources() {
    }

    /** Loads {@code file} (if not null) and applies overrides from {@code environment}. */
    public static Map<String, String> load(Path file, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        if (file != null) {
            values.putAll(readProperties(file));
        }
        values.putAll(fromEnvironment(environment));
        return Map.copyOf(values);
    }

    /** The configuration keys set by {@code STREAMTRAIN_*} variables. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                values.put(keyOf(name.substring(ENV_PREFIX.length())), value);
            }
        });
        return values;
    }

    static String keyOf(String environmentSuffix) {
        return environmentSuffix.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file " + file + " does not exist or is not a file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        values.computeIfPresent(PipelineConfig.INPUT_SCHEMA_CONFIG, (key, schema) -> besideFile(file, schema));
        values.computeIfPresent(PipelineConfig.INPUT_WRITER_SCHEMAS_CONFIG, (key, schemas) -> Arrays.stream(schemas.split(","))
                .map(String::trim).filter(schema -> !schema.isEmpty()).map(schema -> besideFile(file, schema))
                .collect(Collectors.joining(",")));
        return values;
    }

    /** A pipeline file names its schema relative to itself, so the pair works from any working directory. */
    private static String besideFile(Path file, String location) {
        if (location.isBlank() || Path.of(location).isAbsolute()) {
            return location;
        }
        return file.toAbsolutePath().getParent().resolve(location).normalize().toString();
    }
}
