package io.streamtrain.broker;

import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alone in its class: a fault marks every embedded broker of the JVM failed, so none may be shared with it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerFaultIT {

    @Test
    void shouldMarkTheBrokerFailedInsteadOfEndingTheJvmWhenKafkaHalts() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            // What Kafka's ProcessTerminatingFaultHandler does on a fatal fault.
            Exit.halt(1, "simulated fatal fault");

            assertThat(broker.isHealthy()).isFalse();
            assertThat(broker.failureCause()).hasValueSatisfying(fault -> {
                assertThat(fault.procedure()).isEqualTo("halt");
                assertThat(fault.statusCode()).isEqualTo(1);
                assertThat(fault).hasMessageContaining("simulated fatal fault");
            });
        }
    }

    @Test
    void shouldFailTheStartInsteadOfEndingTheJvmWhenTheLogCleanerRunsOutOfMemory() {
        // A dedupe buffer larger than any Java array: the log manager's start fails with an OutOfMemoryError, which
        // Kafka treats as fatal and answers with Exit.halt.
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.defaults()
                .withOverride("log.cleaner.dedupe.buffer.size", String.valueOf(4L * 1024 * 1024 * 1024));

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(BrokerFaultException.class);
    }
}
