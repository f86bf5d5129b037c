package io.streamtrain.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps this module machine-learning code: it may use Kafka's typed configuration ({@code ConfigDef}, as every
 * configuration class does) and record headers (the model signature travels in them), but no Kafka client, topic or
 * record type. Reading and writing topics belongs to the registry module and the services.
 */
class KafkaBoundaryTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Pattern KAFKA_NAME = Pattern.compile("org\\.apache\\.kafka\\.[\\w.]+");
    private static final List<String> ALLOWED = List.of(
            "org.apache.kafka.common.config.",
            "org.apache.kafka.common.header.");

    @Test
    void shouldUseNoKafkaApiButConfigurationAndRecordHeaders() throws IOException {
        assertThat(MAIN_SOURCES).as("the module's sources, read from the module's folder").isDirectory();

        List<String> refused;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            refused = files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .flatMap(KafkaBoundaryTest::refusedNames)
                    .toList();
        }

        assertThat(refused)
                .as("Kafka names in ml's main sources other than %s; move Kafka I/O to the registry module or a service", ALLOWED)
                .isEmpty();
    }

    private static Stream<String> refusedNames(Path file) {
        List<String> lines = readLines(file);
        return IntStream.range(0, lines.size()).boxed().flatMap(index -> {
            Matcher names = KAFKA_NAME.matcher(lines.get(index));
            return names.results()
                    .map(match -> match.group())
                    .filter(name -> ALLOWED.stream().noneMatch(name::startsWith))
                    .map(name -> file + ":" + (index + 1) + ": " + name);
        });
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
