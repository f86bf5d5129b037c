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
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationOptionsTest {

    @TempDir
    Path directory;

    @Test
    void shouldReadEveryFileInTheOrderGivenWhenConfigIsRepeated() throws IOException {
        Path housing = pipelineFile("housing.properties", "housing");
        Path churn = pipelineFile("churn.properties", "churn");

        DeploymentDefinition deployment = ConfigurationArgs.parse("--config", housing.toString(), "-c", churn.toString())
                .deployment(Map.of());

        assertThat(deployment.names()).containsExactly("housing", "churn");
        assertThat(deployment.pipeline("churn").source()).isEqualTo(churn.toString());
    }

    @Test
    void shouldReadThePropertiesFilesInNameOrderWhenConfigIsAFolder() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("pipelines"));
        Files.writeString(folder.resolve("b.properties"), "pipeline.name=second\n");
        Files.writeString(folder.resolve("a.properties"), "pipeline.name=first\n");
        Files.writeString(folder.resolve("notes.txt"), "not a pipeline\n");

        DeploymentDefinition deployment = ConfigurationArgs.parse("--config", folder.toString()).deployment(Map.of());

        assertThat(deployment.names()).containsExactly("first", "second");
    }

    @Test
    void shouldFailNamingTheFolderWhenItHoldsNoPipelineFile() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("empty"));

        deploymentFailure("--config", folder.toString())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(folder.toString())
                .hasMessageContaining("*.properties");
    }

    @Test
    void shouldFailNamingBothFilesWhenTwoDefineTheSamePipeline() throws IOException {
        Path first = pipelineFile("a.properties", "churn");
        Path second = pipelineFile("b.properties", "churn");

        deploymentFailure("--config", first.toString(), "--config", second.toString())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining(second.toString())
                .hasMessageContaining("pipeline.name");
    }

    @Test
    void shouldApplyEnvironmentOverridesToEveryFile() throws IOException {
        Path housing = pipelineFile("housing.properties", "housing");
        Path churn = pipelineFile("churn.properties", "churn");

        DeploymentDefinition deployment = ConfigurationArgs.parse("-c", housing.toString(), "-c", churn.toString())
                .deployment(Map.of("STREAMTRAIN_WINDOW_SIZE_MS", "2000"));

        assertThat(deployment.pipelines()).extracting(PipelineDefinition::pipeline)
                .allSatisfy(pipeline -> assertThat(pipeline.windowSize().toMillis()).isEqualTo(2000));
    }

    private Path pipelineFile(String name, String pipeline) throws IOException {
        return Files.writeString(directory.resolve(name), "pipeline.name=" + pipeline + "\n");
    }

    /** What reading the deployment the arguments name throws. */
    private static AbstractThrowableAssert<?, ? extends Throwable> deploymentFailure(String... args) {
        return assertThatThrownBy(() -> ConfigurationArgs.parse(args).deployment(Map.of()));
    }
}
