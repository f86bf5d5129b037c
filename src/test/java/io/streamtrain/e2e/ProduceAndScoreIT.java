package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.launcher.score.ChampionReader;
import io.streamtrain.launcher.testing.ChurnRows;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamtrain produce} and {@code streamtrain score} as a user runs them, against a pipeline running on the
 * embedded broker: a CSV file with a few malformed rows is produced (the summary counts its dead letters by reason),
 * its windows train a model, and a second file is scored with that model into JSON lines.
 */
class ProduceAndScoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair keys = Ed25519Keys.generate();
    private Deployment runtime;

    @BeforeEach
    void startPipeline() {
        runtime = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of("files", pipelineConfiguration()))),
                EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER), null, Duration.ofSeconds(90));
    }

    private Map<String, String> pipelineConfiguration() {
        Map<String, String> configuration = new HashMap<>(Map.of("pipeline.name", "files", "window.size.ms", "10000",
                "window.grace.ms", "500", "window.idle.close.ms", "1000", "input.partitions", "1", "streams.commit.interval.ms", "100"));
        configuration.putAll(TrustConfig.inline(keys));
        return configuration;
    }

    @AfterEach
    void stopPipeline() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldProduceACsvFileCountingItsDeadLettersThenScoreAFileWithTheTrainedModel(@TempDir Path folder) throws IOException {
        Path training = folder.resolve("training.csv");
        List<String> lines = new ArrayList<>(ChurnRows.csv(400));
        lines.add("t-bad-1," + ChurnRows.START + ",12,not-a-number,1,2.0,true,north,churn");
        lines.add("t-bad-2," + ChurnRows.START + ",12,30.0,1,2.0,true,north,");
        lines.add("\"t-bad-3,unterminated");
        Files.write(training, lines);

        // Refused records make the exit status 1, after the summary.
        String produced = Cli.runExpecting(1, "produce", "--pipeline", "files", "--bootstrap-servers", bootstrap(), "--file",
                training.toString());

        assertThat(produced).contains("Sent 403 records").contains("403 acknowledged, 0 failed")
                .containsPattern("Dead letters: 3 of 403 records, by reason \\{[a-z-]+=\\d+(, [a-z-]+=\\d+)*}");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> ChampionReader.read(runtime.clientProperties(), runtime.pipelines().getFirst().pipeline().pipelineName(),
                        runtime.pipelines().getFirst().pipeline().topics().models(),
                        ModelVerifier.ed25519(keys.getPublic())).isPresent());

        Path toScore = folder.resolve("score.jsonl");
        Files.write(toScore, List.of(
                JSON.writeValueAsString(Map.of("id", "s-1", "eventTime", ChurnRows.START, "tenureMonths", 2, "monthlySpend", 90.0,
                        "supportCalls", 8, "usageHours", 1.0, "premium", false, "region", "south")),
                "{\"eventTime\": 1767571200000, \"tenureMonths\": 40}",
                "not json"));
        Path out = folder.resolve("out.jsonl");
        Path verifyKey = Files.writeString(folder.resolve("verify.pem"), Ed25519Keys.pem(keys.getPublic()));
        Path clientConfig = Files.writeString(folder.resolve("client.properties"), "model.verify.key.file=" + verifyKey + "\n");
        String scored = Cli.runExpecting(1, "score", "--config", clientConfig.toString(), "--pipeline", "files", "--bootstrap-servers", bootstrap(),
                "--file", toScore.toString(),
                "--out", out.toString());

        assertThat(scored).contains("Wrote 1 predictions").contains("2 records could not be scored");
        List<JsonNode> results = Files.readAllLines(out).stream().map(ProduceAndScoreIT::parse).toList();
        assertThat(results).hasSize(3);
        assertThat(results.get(0).path("recordId").asText()).isEqualTo("s-1");
        assertThat(results.get(0).path("modelVersion").asLong()).isPositive();
        assertThat(results.get(0).path("label").asText()).isIn("churn", "stay");
        assertThat(results.get(1).path("line").asLong()).isEqualTo(2);
        assertThat(results.get(1).path("error").asText()).isNotBlank();
        assertThat(results.get(2).path("error").asText()).isEqualTo("undecodable");

        // The registry's status words are the dashboard's and the REST API's.
        String listed = Cli.run("models", "list", "--config", clientConfig.toString(), "--pipeline", "files", "-b", bootstrap());
        assertThat(listed).containsPattern("(?m)^\\d+ \\* +champion ");
    }

    private String bootstrap() {
        return String.valueOf(runtime.clientProperties().get("bootstrap.servers"));
    }


    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
