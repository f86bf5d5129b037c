package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against a pipeline whose streams-app and trainer run on the embedded broker without any configured
 * key, as after {@code run}: the commands find the broker and the development key by themselves (no -b, no key).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientCommandsIT {

    private static final String PIPELINE = "clients";
    private static Deployment runtime;

    @TempDir
    static Path folder;

    @BeforeAll
    static void startPipeline() {
        runtime = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of(PIPELINE, Map.of("pipeline.name", PIPELINE,
                        "input.partitions", "1", "streams.commit.interval.ms", "100")))),
                EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER), null, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopPipeline() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void shouldSendNothingFromACsvFileMissingARequiredColumn() throws IOException {
        Path csv = Files.writeString(folder.resolve("no-time.csv"), "id,tenureMonths,label\na,3,churn\n");

        CliRun run = CliRun.of("produce", "--pipeline", PIPELINE, "--file", csv.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("missing-field: the header of " + csv + " lacks the column eventTime").doesNotContain("\tat ");
        assertThat(endOffset(PIPELINE + ".records")).isZero();
    }

    @Test
    @Order(2)
    void shouldExitWith1AndSummarizeWhenRecordsAreRefused() throws IOException {
        Path jsonl = Files.writeString(folder.resolve("bad.jsonl"), """
                {"id": "a", "eventTime": "1.79e+12", "label": "churn"}
                {"id": "b", "eventTime": "1.79e+12", "label": "stay"}
                not json at all
                """);

        CliRun run = CliRun.of("produce", "--pipeline", PIPELINE, "--file", jsonl.toString(), "--dead-letter-wait", "1m");

        assertThat(run.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(run.out()).contains("Sent 3 records").containsPattern("Dead letters: 3 of 3 records, by reason \\{.+}");
    }

    @Test
    @Order(3)
    void shouldShowDeadLettersGroupedByReasonWithDetailsAndSamples() {
        CliRun run = CliRun.of("dlq", "--pipeline", PIPELINE, "--samples", "1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(PIPELINE + ".dlq: 3 dead letters").contains("undecodable: 1")
                .containsPattern("2 x .*eventTime.*")
                .containsPattern(PIPELINE + "\\.records-0@\\d+ \\(streams-app\\): \\{\"id\": \"a\"");
    }

    @Test
    @Order(4)
    void shouldListAndDescribeThePipelinesTopics() {
        CliRun list = CliRun.of("topics", "list", "--pipeline", PIPELINE);
        CliRun describe = CliRun.of("topics", "describe", "--pipeline", PIPELINE);
        CliRun unknown = CliRun.of("topics", "describe", "--pipeline", PIPELINE, "no.such.topic");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).containsPattern(PIPELINE + "\\.records +input records +1 +3")
                .containsPattern(PIPELINE + "\\.dlq +dead letters +1 +\\d+");
        assertThat(describe.exitCode()).isZero();
        assertThat(describe.out()).contains("topic " + PIPELINE + ".records (input records), 1 partitions, 3 offsets")
                .contains("configs set on the topic:");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("topic no.such.topic does not exist");
    }

    @Test
    @Order(5)
    void shouldOpenTheRegistryWithTheDevelopmentKeyWithoutAnyOption() {
        CliRun run = CliRun.of("models", "list", "--pipeline", PIPELINE);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("VERSION").doesNotContain("ConfigException");
    }

    @Test
    @Order(6)
    void shouldSayAVersionIsNotInTheHistoryWithoutAStackTrace() {
        CliRun rollback = CliRun.of("models", "rollback", "99", "--pipeline", PIPELINE);
        CliRun show = CliRun.of("models", "show", "99", "--pipeline", PIPELINE);

        assertThat(rollback.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(rollback.err()).isEqualTo("streamtrain models rollback: version 99 of pipeline " + PIPELINE + " is not in "
                + PIPELINE + ".model-history" + System.lineSeparator());
        assertThat(show.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(show.err()).startsWith("streamtrain models show: version 99 is not in the model history;").doesNotContain("\tat ");
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(runtime.clientProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }
}
