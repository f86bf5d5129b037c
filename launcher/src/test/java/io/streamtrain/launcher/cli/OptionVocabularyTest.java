package io.streamtrain.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command that talks to Kafka takes the same options, as Kafka's own tools spell them. */
class OptionVocabularyTest {

    @ParameterizedTest
    @ValueSource(strings = {"produce", "score", "backfill", "dlq", "models list", "models show", "models rollback", "models pin",
            "models unpin", "models export", "topics create", "topics list", "topics describe", "run"})
    void shouldAcceptBootstrapServerItsAliasAndLogLevel(String command) {
        String help = CliRun.of((command + " --help").split(" ")).out();

        assertThat(help).contains("-b, --bootstrap-server, --bootstrap-servers=HOST:PORT[,...]").contains("--log-level=LEVEL");
    }

    @Test
    void shouldNotClaimThatModelsRunsSeveralPipelines() {
        assertThat(CliRun.of("models", "list", "--help").out()).doesNotContain("Repeat it").contains("--pipeline=NAME");
    }

    @Test
    void shouldNameThePortsRunTakes() {
        String help = CliRun.of("run", "--help").out();

        assertThat(help).contains("scorer.http.port (default 8080").contains("dashboard.port").contains("--health-port");
    }

    @Test
    void shouldDocumentTheExitCodes() {
        assertThat(CliRun.of("--help").out()).contains("Exit codes:").containsPattern("3 +the Kafka cluster could not be reached");
    }
}
