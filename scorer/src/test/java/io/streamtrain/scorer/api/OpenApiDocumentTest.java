package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import io.streamtrain.core.config.PipelineConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    private final JsonNode document = read(OpenApiDocument.build(List.of(CONFIG)));

    @Test
    void shouldNameThePipelineItServes() {
        assertThat(document.at("/info/title").asText()).isEqualTo("streamtrain scorer: pipeline churn");
        assertThat(document.at("/components/parameters/Pipeline/schema/enum/0").asText()).isEqualTo("churn");
    }

    @Test
    void shouldDescribeTheInputRecordFromTheSchemaRequiringEveryFeatureButNotIdOrEventTime() {
        JsonNode record = document.at("/components/schemas/InputRecord");

        assertThat(texts(record.get("required")))
                .containsExactlyInAnyOrder("tenureMonths", "monthlySpend", "supportCalls", "usageHours", "premium", "region");
        assertThat(record.at("/properties/id/description").asText()).contains("Optional");
        assertThat(texts(record.at("/properties/tenureMonths/type"))).containsExactly("number", "null");
        assertThat(texts(record.at("/properties/premium/type"))).containsExactly("boolean", "null");
        assertThat(record.at("/properties/id/type").asText()).isEqualTo("string");
        assertThat(record.at("/properties/eventTime/oneOf/1/format").asText()).isEqualTo("date-time");
        assertThat(record.at("/properties/label/description").asText()).contains("ignored");
        assertThat(record.at("/properties/region/description").asText()).contains("Feature (categorical)");
    }

    @Test
    void shouldDescribeEachPipelinesRecordWhenSeveralAreServed() {
        PipelineConfig other = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "retention",
                PipelineConfig.FEATURE_FIELDS_CONFIG, "tenureMonths,region"));
        JsonNode both = read(OpenApiDocument.build(List.of(CONFIG, other)));

        assertThat(both.at("/info/title").asText()).isEqualTo("streamtrain scorer: pipelines churn, retention");
        assertThat(texts(both.at("/components/parameters/Pipeline/schema/enum"))).containsExactly("churn", "retention");
        assertThat(texts(both.at("/components/schemas/InputRecord.retention/required"))).containsExactlyInAnyOrder("tenureMonths", "region");
        assertThat(both.at("/components/schemas/InputRecord.churn/required")).hasSize(6);
        assertThat(both.at("/components/schemas/InputRecord/oneOf")).hasSize(2);
        assertReferencesResolve(both);
    }

    @Test
    void shouldDescribeTheLeanDefaultAndTheTopicFormatOfPredictAnswers() {
        JsonNode format = parameter(document.at("/paths/~1v1~1pipelines~1{pipeline}~1predict/post/parameters"), "format");

        assertThat(texts(format.at("/schema/enum"))).containsExactly("lean", "topic");
        assertThat(format.at("/schema/default").asText()).isEqualTo("lean");
        assertThat(document.at("/components/schemas/PredictResponse/properties/predictions/items/oneOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/LeanPrediction");
        assertThat(texts(document.at("/components/schemas/LeanPrediction/required"))).containsExactly("recordId");
        assertThat(document.at("/components/schemas/PredictResponse/properties/algorithm").isMissingNode()).isFalse();
    }

    @Test
    void shouldResolveEveryReference() {
        assertReferencesResolve(document);
    }

    private static void assertReferencesResolve(JsonNode document) {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty().allSatisfy(ref -> assertThat(document.at(ref.substring(1)).isMissingNode())
                .as("target of %s", ref).isFalse());
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.has("$ref")) {
            references.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (name.equals(parameter.path("name").asText())) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
