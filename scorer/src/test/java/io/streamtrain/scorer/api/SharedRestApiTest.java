package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelInstaller;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.RestClient.Response;
import io.streamtrain.scorer.testing.RestClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One REST API serving the pipelines of a deployment, each with its own model: no broker, fake models. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedRestApiTest {

    private static final PipelineConfig RETENTION = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, "retention",
            PipelineConfig.FEATURE_FIELDS_CONFIG, "tenureMonths,region"));
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private final CurrentModel churn = new CurrentModel();
    private final CurrentModel retention = new CurrentModel();
    private ScorerHttpServer server;
    private RestClient client;

    @BeforeEach
    void startServer() {
        server = new ScorerHttpServer(new HttpSettings("127.0.0.1", 0, 64 * 1024, 100, Duration.ofSeconds(5), Fixtures.CLIENT_LIMITS), Clock.systemUTC());
        server.start();
        server.serve(new ServedPipeline(CONFIG, churn, Fixtures.quietMonitor(churn), () -> true));
        server.serve(new ServedPipeline(RETENTION, retention, Fixtures.quietMonitor(retention), () -> true));
        client = new RestClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldListEveryServedPipelineWithItsOwnState() {
        Fixtures.install(churn, 3);

        JsonNode pipelines = client.get("/v1/pipelines").json().get("pipelines");

        assertThat(pipelines).hasSize(2);
        assertThat(pipelines.get(0).get("name").asText()).isEqualTo("churn");
        assertThat(pipelines.get(0).get("modelVersion").asLong()).isEqualTo(3);
        assertThat(pipelines.get(1).get("name").asText()).isEqualTo("retention");
        assertThat(pipelines.get(1).get("state").asText()).isEqualTo("waiting-for-first-model");
    }

    @Test
    void shouldScoreEachPipelineWithItsOwnModel() {
        Fixtures.install(churn, 3);
        installRetention(5, "churn");

        Response churnAnswer = client.post("/v1/pipelines/churn/predict", json("a", 1));
        Response retentionAnswer = client.post("/v1/pipelines/retention/predict", json("b", 2));

        assertThat(churnAnswer.status()).isEqualTo(200);
        assertThat(churnAnswer.json().get("modelVersion").asLong()).isEqualTo(3);
        assertThat(churnAnswer.json().at("/predictions/0/label").asText()).isEqualTo("stay");
        assertThat(retentionAnswer.status()).isEqualTo(200);
        assertThat(retentionAnswer.json().get("pipeline").asText()).isEqualTo("retention");
        assertThat(retentionAnswer.json().get("modelVersion").asLong()).isEqualTo(5);
        assertThat(retentionAnswer.json().at("/predictions/0/label").asText()).isEqualTo("churn");
    }

    @Test
    void shouldTurnReadyOnlyOnceEveryPipelineHasAModel() {
        Fixtures.install(churn, 1);

        Response waiting = client.get("/health/ready");
        assertThat(waiting.status()).isEqualTo(503);
        assertThat(waiting.json().get("error").asText()).contains("retention").doesNotContain("churn");

        installRetention(1, "stay");
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404NamingTheServedPipelinesWhenThePipelineIsUnknownOrWithdrawn() {
        Fixtures.install(churn, 1);
        server.withdraw("retention");

        Response withdrawn = client.post("/v1/pipelines/retention/predict", json("a", 1));
        Response unknown = client.get("/v1/pipelines/housing/model");

        assertThat(withdrawn.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("housing").contains("churn");
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldDescribeEveryPipelineInTheOpenApiDocument() {
        JsonNode document = client.get("/openapi.json").json();

        List<String> names = new ArrayList<>();
        document.at("/components/parameters/Pipeline/schema/enum").forEach(name -> names.add(name.asText()));
        assertThat(names).containsExactly("churn", "retention");
        assertThat(document.at("/components/schemas/InputRecord.retention").isObject()).isTrue();
    }

    private void installRetention(long version, String label) {
        ModelEnvelope envelope = Fixtures.envelope("retention", version, RETENTION.featureSpec().definitions());
        new ModelInstaller(RETENTION.featureSpec(), ModelVerifier.acceptUnsigned(), (e, pipeline) -> new FakeModel(e, label), retention,
                new PipelineEvents("retention", "scorer-test"), event -> { }, "test")
                .offer(new ConsumerRecord<>("retention.models", 0, version, null, ENVELOPES.encode(envelope)));
    }
}
