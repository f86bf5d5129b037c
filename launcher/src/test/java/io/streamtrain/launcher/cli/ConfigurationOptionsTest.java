package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigurationOptionsTest {

    @TempDir
    Path directory;

    @Test
    void shouldReadEveryFileInTheOrderGivenWhenConfigIsRepeated() throws IOException {
        Path housing = pipelineFile("housing.properties", "housing");
        Path churn = pipelineFile("churn.properties", "churn");

        DeploymentDefinition deployment = parse("--config", housing.toString(), "-c", churn.toString()).deployment(Map.of());

        assertThat(deployment.names()).containsExactly("housing", "churn");
        assertThat(deployment.pipeline("churn").source()).isEqualTo(churn.toString());
    }

    @Test
    void shouldReadThePropertiesFilesInNameOrderWhenConfigIsAFolder() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("pipelines"));
        Files.writeString(folder.resolve("b.properties"), "pipeline.name=second\n");
        Files.writeString(folder.resolve("a.properties"), "pipeline.name=first\n");
        Files.writeString(folder.resolve("notes.txt"), "not a pipeline\n");

        DeploymentDefinition deployment = parse("--config", folder.toString()).deployment(Map.of());

        assertThat(deployment.names()).containsExactly("first", "second");
    }

    @Test
    void shouldFailNamingTheFolderWhenItHoldsNoPipelineFile() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("empty"));

        assertThatThrownBy(() -> parse("--config", folder.toString()).deployment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(folder.toString())
                .hasMessageContaining("*.properties");
    }

    @Test
    void shouldFailNamingBothFilesWhenTwoDefineTheSamePipeline() throws IOException {
        Path first = pipelineFile("a.properties", "churn");
        Path second = pipelineFile("b.properties", "churn");

        assertThatThrownBy(() -> parse("--config", first.toString(), "--config", second.toString()).deployment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining(second.toString())
                .hasMessageContaining("pipeline.name");
    }

    @Test
    void shouldApplyEnvironmentOverridesToEveryFile() throws IOException {
        Path housing = pipelineFile("housing.properties", "housing");
        Path churn = pipelineFile("churn.properties", "churn");

        DeploymentDefinition deployment = parse("-c", housing.toString(), "-c", churn.toString())
                .deployment(Map.of("STREAMTRAIN_WINDOW_SIZE_MS", "2000"));

        assertThat(deployment.pipelines()).extracting(PipelineDefinition::pipeline)
                .allSatisfy(pipeline -> assertThat(pipeline.windowSize().toMillis()).isEqualTo(2000));
    }

    private Path pipelineFile(String name, String pipeline) throws IOException {
        return Files.writeString(directory.resolve(name), "pipeline.name=" + pipeline + "\n");
    }

    private static ConfigurationOptions parse(String... args) {
        OptionsHolder holder = new OptionsHolder();
        new CommandLine(holder).parseArgs(args);
        return holder.options;
    }

    @CommandLine.Command(name = "test")
    static final class OptionsHolder {
        @CommandLine.Mixin
        ConfigurationOptions options;
    }
}
