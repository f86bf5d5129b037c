package io.streamtrain.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaReachabilityTest {

    /** Nothing listens on port 1 of loopback: every probe fails. */
    private static final Map<String, Object> NO_BROKER = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
            "acks", "all");

    @Test
    void shouldStayReachableForTheBoundThenTurnUnreachableWhileProbesFail() {
        AtomicLong now = new AtomicLong();
        try (KafkaReachability reachability = new KafkaReachability("test", NO_BROKER, Duration.ofSeconds(3), now::get)) {
            assertThat(reachability.probe()).isFalse();
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertThat(reachability.reachable()).isTrue();

            now.addAndGet(1);

            assertThat(reachability.reachable()).isFalse();
        }
    }

    @Test
    void shouldShortenCloseTimeoutsOnlyOnceKafkaIsOutOfReach() {
        AtomicLong now = new AtomicLong();
        try (KafkaReachability reachability = new KafkaReachability("test", NO_BROKER, Duration.ofSeconds(3), now::get)) {
            assertThat(reachability.closeTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));

            now.addAndGet(Duration.ofSeconds(4).toNanos());

            assertThat(reachability.closeTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(2));
            assertThat(reachability.closeTimeout(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldProbeEveryThirdOfTheBoundAndAtLeastEveryFiveSeconds() {
        assertThat(KafkaReachability.probeInterval(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(1));
        assertThat(KafkaReachability.probeInterval(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(5));
    }
}
