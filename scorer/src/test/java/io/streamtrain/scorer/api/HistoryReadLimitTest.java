package io.streamtrain.scorer.api;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelVersions;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.testing.ModelSigning;
import io.streamtrain.scorer.testing.RestClient;
import io.streamtrain.scorer.testing.RestClient.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A predict request for a version that is not cached ({@code ?version=N}) waits at most the history read timeout for
 * the model history, however long the read takes; the reads are bounded in number and never hold up other requests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryReadLimitTest {

    private static final String PREDICT = "/v1/pipelines/" + PIPELINE + "/predict";
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    private final CurrentModel current = new CurrentModel();
    /** Holds every history read until released, as a cluster that does not answer would. */
    private final CountDownLatch historyAnswers = new CountDownLatch(1);
    private final AtomicInteger reads = new AtomicInteger();
    private ScorerHttpServer server;
    private RestClient client;

    @BeforeEach
    void startServer() {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, 8 * 1024, 20, Duration.ofSeconds(5), Fixtures.CLIENT_LIMITS,
                HttpSettings.NO_HEALTH_PORT, READ_TIMEOUT);
        server = new ScorerHttpServer(settings, Clock.systemUTC());
        ModelVersions versions = new ModelVersions(SPEC, ModelSigning.VERIFIER, (envelope, pipeline) -> new FakeModel(envelope, "stay"),
                PIPELINE, version -> {
                    reads.incrementAndGet();
                    try {
                        historyAnswers.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.empty();
                });
        server.serve(new ServedPipeline(CONFIG, current, Fixtures.quietMonitor(current), () -> true, () -> true, Optional.empty(),
                Optional.of(versions)));
        server.start();
        client = new RestClient(server.port());
        Fixtures.install(current, 7);
    }

    @AfterEach
    void stopServer() {
        historyAnswers.countDown();
        server.close();
    }

    @Test
    void shouldAnswer504WhenTheHistoryReadOutlastsItsLimit() {
        long started = System.nanoTime();
        Response response = client.post(PREDICT + "?version=3", json("a", 1));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().get("error").asText()).isEqualTo("version 3 of pipeline " + PIPELINE
                + " could not be read from the model history within 500 ms; the read goes on, so retry shortly");
        assertThat(millis).as("answered at the limit, not when the read ends").isLessThan(10_000);
    }

    @Test
    void shouldAnswer503WhileTheMostReadsRunAndKeepServingEverythingElse() {
        for (int i = 0; i < HistoryReads.CONCURRENT_READS; i++) {
            assertThat(client.post(PREDICT + "?version=" + (3 + i), json("a", 1)).status()).isEqualTo(504);
        }

        Response refused = client.post(PREDICT + "?version=5", json("a", 1));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.json().get("error").asText()).contains("2 such reads are running; retry shortly");
        assertThat(reads.get()).as("no read started for the refused request").isEqualTo(HistoryReads.CONCURRENT_READS);
        assertThat(client.post(PREDICT, json("a", 1)).status()).as("the served version is answered meanwhile").isEqualTo(200);
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswerFromTheHistoryOnceTheReadsEnd() {
        assertThat(client.post(PREDICT + "?version=3", json("a", 1)).status()).isEqualTo(504);

        historyAnswers.countDown();

        Response unknown = client.post(PREDICT + "?version=3", json("a", 1));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("version 3 is not in the model history of pipeline " + PIPELINE);
    }
}
