package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DeploymentDefinitionTest {

    @Test
    void shouldKeepPipelinesInGivenOrderWhenNamesAndTopicsDiffer() {
        DeploymentDefinition deployment = new DeploymentDefinition(List.of(pipeline("a.properties", "churn"), pipeline("b.properties", "housing")));

        assertThat(deployment.names()).containsExactly("churn", "housing");
        assertThat(deployment.pipeline("housing").source()).isEqualTo("b.properties");
    }

    @Test
    void shouldFailNamingBothFilesWhenTwoPipelinesShareAName() {
        assertThatThrownBy(() -> new DeploymentDefinition(List.of(pipeline("a.properties", "churn"), pipeline("b.properties", "churn"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.properties: ")
                .hasMessageContaining(PipelineConfig.PIPELINE_NAME_CONFIG)
                .hasMessageContaining("churn")
                .hasMessageContaining("a.properties")
                .hasMessageContaining("its own name");
    }

    @Test
    void shouldFailNamingKeyAndBothFilesWhenTwoPipelinesShareATopic() {
        PipelineDefinition housing = pipeline("b.properties", "housing", "topics.predictions", "churn.predictions");

        assertThatThrownBy(() -> new DeploymentDefinition(List.of(pipeline("a.properties", "churn"), housing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.properties: ")
                .hasMessageContaining("topics.predictions")
                .hasMessageContaining("churn.predictions")
                .hasMessageContaining("a.properties (topics.predictions of pipeline churn)");
    }

    @Test
    void shouldFailNamingBothRolesWhenATopicOverrideHitsAnotherPipelinesDefault() {
        PipelineDefinition housing = pipeline("b.properties", "housing", "topics.records", "churn.events");

        assertThatThrownBy(() -> new DeploymentDefinition(List.of(pipeline("a.properties", "churn"), housing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.records")
                .hasMessageContaining("topics.events of pipeline churn");
    }

    @Test
    void shouldNameTheFileWhenOneDefinitionIsInvalid() {
        assertThatThrownBy(() -> pipeline("housing.properties", "housing", PipelineConfig.LABEL_FIELD_CONFIG, "price"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("housing.properties: ")
                .hasMessageContaining(PipelineConfig.LABEL_FIELD_CONFIG)
                .hasMessageContaining("price");
    }

    @Test
    void shouldRefuseAnEmptyDeployment() {
        assertThatThrownBy(() -> new DeploymentDefinition(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static PipelineDefinition pipeline(String source, String name, String... keyValues) {
        Map<String, String> configuration = new HashMap<>(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, name));
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return PipelineDefinition.of(source, configuration);
    }
}
