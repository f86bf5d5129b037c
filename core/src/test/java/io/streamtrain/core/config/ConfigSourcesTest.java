package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSourcesTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource({
            "STREAMTRAIN_WINDOW_SIZE_MS, window.size.ms",
            "STREAMTRAIN_TOPICS_MODEL__HISTORY, topics.model-history",
            "STREAMTRAIN_KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrap.servers",
            "STREAMTRAIN_MODEL_LOGISTIC__REGRESSION_MAX_ITERATIONS, model.logistic-regression.max.iterations",
            "STREAMTRAIN_PIPELINE_NAME, pipeline.name"})
    void shouldMapVariableToKeyWhenPrefixed(String variable, String key) {
        assertThat(ConfigSources.fromEnvironment(Map.of(variable, "v"))).containsExactly(Map.entry(key, "v"));
    }

    @Test
    void shouldIgnoreVariablesWhenNotPrefixed() {
        Map<String, String> environment = Map.of(
                "PATH", "/usr/bin",
                "STREAMTRAIN_", "empty suffix",
                "STREAMTRAINWINDOW_SIZE_MS", "no separator",
                "JAVA_STREAMTRAIN_WINDOW_SIZE_MS", "prefix elsewhere");

        assertThat(ConfigSources.fromEnvironment(environment)).isEmpty();
    }

    @Test
    void shouldLetEnvironmentWinWhenFileSetsSameKey() throws IOException {
        Path file = Files.writeString(directory.resolve("churn.properties"), """
                pipeline.name=churn
                window.size.ms=1000
                topics.models=churn-models-v2
                """);

        Map<String, String> values = ConfigSources.load(file, Map.of(
                "STREAMTRAIN_WINDOW_SIZE_MS", "2000",
                "STREAMTRAIN_TOPICS_MODEL__HISTORY", "churn-history"));

        assertThat(values).containsOnly(
                Map.entry("pipeline.name", "churn"),
                Map.entry("window.size.ms", "2000"),
                Map.entry("topics.models", "churn-models-v2"),
                Map.entry("topics.model-history", "churn-history"));
    }

    @Test
    void shouldTrimFileValuesWhenTheyEndInWhitespace() throws IOException {
        Path file = Files.writeString(directory.resolve("churn.properties"), "pipeline.name = churn  \n");

        assertThat(ConfigSources.load(file, Map.of())).containsExactly(Map.entry("pipeline.name", "churn"));
    }

    @Test
    void shouldReadEnvironmentOnlyWhenNoFileIsGiven() {
        assertThat(ConfigSources.load(null, Map.of("STREAMTRAIN_PIPELINE_NAME", "churn")))
                .containsExactly(Map.entry("pipeline.name", "churn"));
    }

    @Test
    void shouldFailNamingPathWhenFileIsMissing() {
        Path missing = directory.resolve("missing.properties");

        assertThatThrownBy(() -> ConfigSources.load(missing, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldFailWhenPathIsDirectory() {
        assertThatThrownBy(() -> ConfigSources.load(directory, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldConfigurePipelineWhenLoadedValuesAreUsed() throws IOException {
        Path file = Files.writeString(directory.resolve("churn.properties"), "pipeline.name=churn\nwindow.size.ms=1000\n");

        PipelineConfig config = new PipelineConfig(ConfigSources.load(file, Map.of(
                "STREAMTRAIN_WINDOW_SIZE_MS", "30000",
                "STREAMTRAIN_TOPICS_MODEL__HISTORY", "churn-history",
                "STREAMTRAIN_KAFKA_BOOTSTRAP_SERVERS", "broker:9092")));

        assertThat(config.windowSize().toMillis()).isEqualTo(30_000L);
        assertThat(config.topics().modelHistory()).isEqualTo("churn-history");
        assertThat(config.kafka().bootstrapServers()).contains("broker:9092");
    }

    @Test
    void shouldResolveSchemaBesideFileWhenPathIsRelative() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("pipelines"));
        Path file = Files.writeString(folder.resolve("housing.properties"), "input.schema=schemas/housing.avsc\n");

        Map<String, String> values = ConfigSources.load(file, Map.of());

        assertThat(values).containsEntry("input.schema", folder.resolve("schemas/housing.avsc").toAbsolutePath().toString());
    }

    @Test
    void shouldKeepSchemaPathWhenAbsoluteOrFromEnvironment() throws IOException {
        Path absolute = directory.resolve("house.avsc").toAbsolutePath();
        Path file = Files.writeString(directory.resolve("housing.properties"), "input.schema=" + absolute + "\n");

        assertThat(ConfigSources.load(file, Map.of())).containsEntry("input.schema", absolute.toString());
        assertThat(ConfigSources.load(file, Map.of("STREAMTRAIN_INPUT_SCHEMA", "rel/x.avsc"))).containsEntry("input.schema", "rel/x.avsc");
    }

    @Test
    void shouldResolveEachWriterSchemaBesideFileWhenPathIsRelative() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("pipelines"));
        Path absolute = directory.resolve("v0.avsc").toAbsolutePath();
        Path file = Files.writeString(folder.resolve("housing.properties"), "input.writer.schemas=schemas/v1.avsc, " + absolute + "\n");

        assertThat(ConfigSources.load(file, Map.of())).containsEntry("input.writer.schemas",
                folder.resolve("schemas/v1.avsc").toAbsolutePath() + "," + absolute);
    }
}
