package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.registry.RegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User errors end with one sentence on standard error and a documented exit status, never a stack trace. */
class CliErrorsTest {

    /** Nothing listens on port 1: connections are refused, as with a mistyped port. */
    private static final String NOBODY = "127.0.0.1:1";

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"produce", "score", "backfill", "dlq", "topics list", "topics describe", "models list", "models show",
            "models rollback", "models pin", "models unpin"})
    void shouldFailWithin10SecondsNamingAWrongBrokerAddress(String command) throws IOException {
        Path file = Files.writeString(folder.resolve("in.jsonl"), "{\"id\": \"a\", \"eventTime\": 1}\n");
        // Unsigned models, so that no verify key is asked for first (that is a configuration error, exit status 2).
        Path config = Files.writeString(folder.resolve("p.properties"), "pipeline.name=p\nmodel.signatures=off\n");
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--config", config.toString(), "--bootstrap-server", NOBODY));
        args.addAll(switch (command) {
            case "produce" -> List.of("--file", file.toString());
            case "score" -> List.of("--file", file.toString(), "--out", folder.resolve("out.jsonl").toString());
            case "backfill" -> List.of("--from", "2026-01-01T00:00:00Z");
            case "models show", "models rollback", "models pin" -> List.of("1");
            default -> List.of();
        });

        assertUnreachableSaidQuickly(CliRun.of(args.toArray(String[]::new)), command);
    }

    @Test
    void shouldFailARunAgainstAnExternalClusterWithin10SecondsNamingItsAddress() throws IOException {
        Path config = Files.writeString(folder.resolve("p.properties"), "pipeline.name=p\n");

        assertUnreachableSaidQuickly(CliRun.of("run", "all", "--config", config.toString(), "-b", NOBODY), "run");
    }

    @Test
    void shouldFailTopicsCreateWithin10SecondsNamingAWrongBrokerAddress() throws IOException {
        Path config = Files.writeString(folder.resolve("p.properties"), "pipeline.name=p\n");

        assertUnreachableSaidQuickly(CliRun.of("topics", "create", "--config", config.toString(), "-b", NOBODY), "topics create");
    }

    @Test
    void shouldAskForAVerifyKeyBeforeContactingAClusterElsewhere() throws IOException {
        Path file = Files.writeString(folder.resolve("in.jsonl"), "{\"id\": \"a\", \"eventTime\": 1}\n");
        // Not this machine: the development key does not apply, and the address is never contacted.
        String elsewhere = "192.0.2.1:9092";

        for (CliRun run : List.of(CliRun.of("models", "list", "-p", "p", "-b", elsewhere),
                CliRun.of("score", "-p", "p", "-b", elsewhere, "--file", file.toString(), "--out", folder.resolve("o.jsonl").toString()))) {
            assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).containsPattern("^streamtrain (models list|score): model.signatures=required needs a key: set ")
                    .contains("streamtrain keys generate").doesNotContain("\tat ");
            assertThat(run.millis()).as("refused before any connection attempt").isLessThan(5_000);
        }
    }

    @Test
    void shouldNameAnAddressThatDoesNotResolve() {
        CliRun run = CliRun.of("topics", "list", "-p", "p", "-b", "no-such-host.invalid:9092");

        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the Kafka cluster at no-such-host.invalid:9092").doesNotContain("\tat ");
    }

    @Test
    void shouldReportAMissingConfigurationFileAsAUsageError() {
        CliRun run = CliRun.of("models", "list", "--config", folder.resolve("nope.properties").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("streamtrain models list: ").contains("nope.properties").doesNotContain("\tat ");
    }

    @Test
    void shouldRefuseACsvOrJsonLinesFileMissingARequiredFieldBeforeContactingTheCluster() throws IOException {
        Path schema = Files.writeString(folder.resolve("s.avsc"), """
                {"type": "record", "name": "Sale", "fields": [
                  {"name": "id", "type": "string"}, {"name": "f3", "type": "double"},
                  {"name": "note", "type": ["null", "string"], "default": null}, {"name": "label", "type": ["null", "string"]}]}""");
        Path config = Files.writeString(folder.resolve("p.properties"), "pipeline.name=sales\ninput.schema=s.avsc\ninput.id.field=id\n"
                + "input.timestamp.field=\nlabel.field=label\n");
        Path csv = Files.writeString(folder.resolve("sales.csv"), "id,note,label\na,x,yes\n");
        Path jsonl = Files.writeString(folder.resolve("sales.jsonl"), "{\"id\": \"a\", \"note\": \"x\", \"label\": \"yes\"}\n");

        for (String command : new String[] {"produce", "score"}) {
            for (Path file : List.of(csv, jsonl)) {
                CliRun run = command.equals("produce")
                        ? CliRun.of(command, "--config", config.toString(), "-b", NOBODY, "--file", file.toString())
                        : CliRun.of(command, "--config", config.toString(), "-b", NOBODY, "--file", file.toString(), "--out",
                                folder.resolve("o.jsonl").toString());

                assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(run.err()).isEqualTo("streamtrain " + command + ": missing-field: " + (file == csv
                        ? "the header of " + csv + " lacks the column f3" : "the first record of " + jsonl + " (line 1) lacks the field f3")
                        + ", which schema Sale requires (not nullable, no default); add the " + (file == csv ? "column" : "field")
                        + " or make the field nullable in the schema. Nothing was done." + System.lineSeparator());
                assertThat(run.millis()).as("refused before any connection attempt").isLessThan(5_000);
            }
        }
    }

    @Test
    void shouldRefuseAnUnknownLogLevel() {
        CliRun run = CliRun.of("dlq", "--pipeline", "p", "--log-level", "loud");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--log-level loud is not a level; use error, warn, info, debug or trace");
    }

    @Test
    void shouldReportAnInternalErrorWithItsStackTrace() {
        ErrorReport.Classified error = ErrorReport.classify(new NullPointerException("boom"));

        assertThat(error.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(error.message()).startsWith("internal error");
    }

    @Test
    void shouldReportARegistryRefusalAsWorkThatFailedNotAsABug() {
        ErrorReport.Classified error = ErrorReport.classify(new RegistryException("version 9 of pipeline p is not in p.model-history"));

        assertThat(error.exitCode()).isEqualTo(ExitCode.PARTIAL_FAILURE);
        assertThat(error.message()).isEqualTo("version 9 of pipeline p is not in p.model-history");
    }

    @Test
    void shouldFindTheUsersErrorInsideKafkasWrapping() {
        ErrorReport.Classified error = ErrorReport.classify(new KafkaException("Failed to construct kafka consumer",
                new ConfigException("No resolvable bootstrap urls given in bootstrap.servers")));

        assertThat(error.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(error.message()).isEqualTo("No resolvable bootstrap urls given in bootstrap.servers");
    }

    /**
     * One sentence naming the unreachable address and the option that sets it, the documented exit status, no stack trace,
     * all within the 10 s reachability check and some slack.
     */
    private static void assertUnreachableSaidQuickly(CliRun run, String command) {
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).startsWith("streamtrain " + command + ": cannot reach the Kafka cluster at " + NOBODY + " within 10 s")
                .contains("--bootstrap-server").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.millis()).isLessThan(15_000);
    }
}
