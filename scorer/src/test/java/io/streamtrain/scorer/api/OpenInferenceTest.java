package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.ServedModel;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.RestClient.Response;
import io.streamtrain.scorer.testing.TrainedModels;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Open Inference Protocol v2 endpoints with a real trained model: the same predictions as the pipeline's own endpoint. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenInferenceTest {

    private static final String PREDICT = "/v1/pipelines/" + PIPELINE + "/predict";
    private static final String INFER = "/v2/models/" + PIPELINE + "/infer";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServedModel served = new ServedModel(() -> TrainedModels.train(CONFIG, 3, 7),
            new HttpSettings("127.0.0.1", 0, 1024 * 1024, 1000, Duration.ofSeconds(1), Fixtures.CLIENT_LIMITS));

    @Test
    void shouldInferASingleRecordAsThePredictEndpointPredictsIt() throws IOException {
        assertSamePredictions(DemoData.unlabelled("one", 1, 5));
    }

    @Test
    void shouldInferABatchAsThePredictEndpointPredictsIt() throws IOException {
        assertSamePredictions(DemoData.unlabelled("many", 50, 9));
    }

    @Test
    void shouldDescribeTheModelAndSayItIsReady() {
        JsonNode metadata = served.client().get("/v2/models/" + PIPELINE).json();
        Response ready = served.client().get("/v2/models/" + PIPELINE + "/ready");

        assertThat(metadata.get("name").asText()).isEqualTo(PIPELINE);
        assertThat(metadata.get("versions").get(0).asText()).isEqualTo("3");
        assertThat(metadata.get("inputs")).extracting(input -> input.get("name").asText())
                .containsExactlyElementsOf(CONFIG.featureSpec().featureNames());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();
        assertThat(served.client().get("/v2/models/other/ready").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseInputsOfDifferentLengthsNamingTheInput() throws IOException {
        ObjectNode request = columns(DemoData.unlabelled("uneven", 3, 1));
        ObjectNode last = (ObjectNode) request.get("inputs").get(request.get("inputs").size() - 1);
        ((ArrayNode) last.get("data")).remove(0);
        last.putArray("shape").add(2);

        Response refused = served.client().post(INFER, JSON.writeValueAsBytes(request));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo(last.get("name").asText());
    }

    private static void assertSamePredictions(List<DemoRecord> records) throws IOException {
        JsonNode predicted = served.client().post(PREDICT, DemoData.array(records)).json().get("predictions");
        Response inferred = served.client().post(INFER, JSON.writeValueAsBytes(columns(records).put("id", "oip-1")));

        assertThat(inferred.status()).as(inferred.body()).isEqualTo(200);
        JsonNode answer = inferred.json();
        assertThat(answer.get("model_version").asText()).isEqualTo("3");
        assertThat(answer.get("id").asText()).isEqualTo("oip-1");
        JsonNode labels = answer.at("/outputs/0");
        JsonNode probabilities = answer.at("/outputs/1");
        assertThat(labels.get("name").asText()).isEqualTo("label");
        assertThat(labels.at("/shape/0").asInt()).isEqualTo(records.size());
        List<String> classes = new ArrayList<>();
        probabilities.at("/parameters/classes").forEach(c -> classes.add(c.asText()));
        assertThat(probabilities.get("shape")).extracting(JsonNode::asInt).containsExactly(records.size(), classes.size());
        for (int row = 0; row < records.size(); row++) {
            JsonNode expected = predicted.get(row);
            assertThat(labels.get("data").get(row).asText()).isEqualTo(expected.get("label").asText());
            for (int c = 0; c < classes.size(); c++) {
                assertThat(probabilities.get("data").get(row * classes.size() + c).asDouble())
                        .isEqualTo(expected.get("probabilities").get(classes.get(c)).asDouble());
            }
        }
    }

    /** The records as an infer request: one input tensor per field, one value per record. */
    private static ObjectNode columns(List<DemoRecord> records) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        List<JsonNode> objects = new ArrayList<>();
        for (DemoRecord record : records) {
            objects.add(JSON.readTree(DemoData.json(record)));
        }
        for (Iterator<String> names = objects.getFirst().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            ObjectNode input = inputs.addObject().put("name", name).put("datatype", "BYTES");
            input.putArray("shape").add(records.size());
            ArrayNode data = input.putArray("data");
            objects.forEach(object -> data.add(object.get(name)));
        }
        return request;
    }
}
