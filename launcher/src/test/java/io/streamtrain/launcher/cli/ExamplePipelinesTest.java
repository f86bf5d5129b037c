package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.Task;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example pipeline files of the repository load, side by side, as the README says. */
class ExamplePipelinesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void shouldLoadTheExamplesSideBySideWithTheirOwnSchemas() {
        DeploymentDefinition deployment = ConfigurationArgs.parse("--config", EXAMPLES.resolve("telecom-churn.properties").toString(),
                "--config", EXAMPLES.resolve("demo.properties").toString()).deployment(Map.of());

        assertThat(deployment.names()).containsExactly("telecom-churn", "demo");
        PipelineConfig churn = deployment.pipeline("telecom-churn").pipeline();
        assertThat(churn.inputSchema().getFullName()).isEqualTo("com.example.telecom.Subscriber");
        assertThat(churn.featureSpec().features()).containsExactly(
                new FeatureField("tenureMonths", FeatureType.NUMERIC),
                new FeatureField("monthlyCharges", FeatureType.NUMERIC),
                new FeatureField("contract", FeatureType.CATEGORICAL),
                new FeatureField("paymentMethod", FeatureType.CATEGORICAL),
                new FeatureField("internetService", FeatureType.CATEGORICAL),
                new FeatureField("seniorCitizen", FeatureType.BOOLEAN),
                new FeatureField("supportTickets", FeatureType.NUMERIC));
    }

    @Test
    void shouldLoadTheRegressionExampleNextToTheClassificationExample() {
        DeploymentDefinition deployment = ConfigurationArgs.parse("--config", EXAMPLES.resolve("housing.properties").toString(),
                "--config", EXAMPLES.resolve("telecom-churn.properties").toString()).deployment(Map.of());

        PipelineConfig housing = deployment.pipeline("housing").pipeline();
        assertThat(housing.task()).isEqualTo(Task.REGRESSION);
        assertThat(housing.algorithm()).isEqualTo("linear-regression");
        assertThat(housing.featureSpec().features()).containsExactly(
                new FeatureField("areaSqm", FeatureType.NUMERIC),
                new FeatureField("rooms", FeatureType.NUMERIC),
                new FeatureField("yearBuilt", FeatureType.NUMERIC),
                new FeatureField("neighbourhood", FeatureType.CATEGORICAL),
                new FeatureField("energyLabel", FeatureType.CATEGORICAL),
                new FeatureField("hasGarden", FeatureType.BOOLEAN));
        assertThat(deployment.pipeline("telecom-churn").pipeline().task()).isEqualTo(Task.CLASSIFICATION);
    }
}
