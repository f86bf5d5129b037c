package io.streamtrain.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DeploymentChecksTest {

    @Test
    void shouldUseTheSharedRestApiSettingsWhenEveryPipelineAgrees() {
        DeploymentDefinition deployment = deployment(pipeline("a.properties", "churn", "scorer.http.port", "9090"),
                pipeline("b.properties", "housing", "scorer.http.port", "9090"));

        assertThat(DeploymentChecks.restApiSettings(deployment)).hasValueSatisfying(settings -> assertThat(settings.port()).isEqualTo(9090));
    }

    @Test
    void shouldFailNamingTheKeysAndBothFilesWhenRestApiSettingsDiffer() {
        DeploymentDefinition deployment = deployment(pipeline("a.properties", "churn"), pipeline("b.properties", "housing", "scorer.http.port", "9090"));

        assertThatThrownBy(() -> DeploymentChecks.restApiSettings(deployment))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.properties: ")
                .hasMessageContaining("port 9090")
                .hasMessageContaining("a.properties (port 8080")
                .hasMessageContaining("scorer.http.port");
    }

    @Test
    void shouldNameTheFileWhenAScorerKeyIsInvalid() {
        DeploymentDefinition deployment = deployment(pipeline("a.properties", "churn", "scorer.http.max.batch.records", "0"));

        assertThatThrownBy(() -> DeploymentChecks.restApiSettings(deployment))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("a.properties: ")
                .hasMessageContaining("scorer.http.max.batch.records");
    }

    @Test
    void shouldFailNamingBothFilesWhenTwoPipelinesNameDifferentClusters() {
        DeploymentDefinition deployment = deployment(pipeline("a.properties", "churn", "kafka.bootstrap.servers", "k1:9092"),
                pipeline("b.properties", "housing"));

        assertThatThrownBy(() -> DeploymentChecks.cluster(deployment))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.properties: ")
                .hasMessageContaining("kafka.bootstrap.servers")
                .hasMessageContaining("k1:9092 in a.properties");
    }

    @Test
    void shouldFailNamingTheKeyWhenTwoPipelinesShareAServiceId() {
        DeploymentDefinition deployment = deployment(pipeline("a.properties", "churn", "trainer.group.id", "trainers"),
                pipeline("b.properties", "housing", "trainer.group.id", "trainers"));

        assertThatThrownBy(() -> DeploymentChecks.requireDistinctServiceIds(deployment))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.properties: ")
                .hasMessageContaining("trainer.group.id")
                .hasMessageContaining("trainers")
                .hasMessageContaining("a.properties (pipeline churn)");
    }

    @Test
    void shouldAcceptDefaultServiceIdsWhichDeriveFromThePipelineName() {
        DeploymentDefinition deployment = deployment(pipeline("a.properties", "churn"), pipeline("b.properties", "housing"));

        DeploymentChecks.requireDistinctServiceIds(deployment);
        assertThat(DeploymentChecks.cluster(deployment).bootstrapServers()).isEmpty();
    }

    private static DeploymentDefinition deployment(PipelineDefinition... pipelines) {
        return new DeploymentDefinition(List.of(pipelines));
    }

    private static PipelineDefinition pipeline(String source, String name, String... keyValues) {
        Map<String, String> configuration = new HashMap<>(Map.of("pipeline.name", name));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return PipelineDefinition.of(source, configuration);
    }
}
