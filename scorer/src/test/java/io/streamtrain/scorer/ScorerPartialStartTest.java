package io.streamtrain.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.testing.CountingInterceptor;
import io.streamtrain.scorer.testing.ModelSigning;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A start that fails part-way releases every client it opened before: the n-th Kafka client the scorer creates while
 * it assembles its parts fails (its interceptor refuses to be configured), and every client made before it must have
 * been closed again. No broker is needed: clients only connect once used.
 */
class ScorerPartialStartTest {

    @ParameterizedTest(name = "client {0} fails")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void shouldCloseEveryClientItOpenedWhenTheNthFails(int failing) {
        CountingInterceptor.reset(failing);
        Map<String, String> settings = new HashMap<>(ModelSigning.settings());
        settings.put("pipeline.name", "partial");
        settings.put("kafka.bootstrap.servers", "127.0.0.1:1");
        settings.put("kafka.interceptor.classes", CountingInterceptor.class.getName());
        settings.put(ScorerConfig.HTTP_PORT_CONFIG, "0");
        settings.put(ScorerConfig.LABELS_ENABLED_CONFIG, "true");
        ScorerService scorer = new ScorerService(new ScorerConfig(PipelineDefinition.of("test", settings)), Clock.systemUTC());

        assertThatThrownBy(() -> scorer.start(Duration.ofSeconds(5))).hasStackTraceContaining(CountingInterceptor.REFUSAL);

        assertThat(CountingInterceptor.OPENED.get()).as("clients made before the failing one").isEqualTo(failing - 1);
        assertThat(CountingInterceptor.CLOSED.get()).as("of them closed again").isEqualTo(failing - 1);
        scorer.close();
    }
}
