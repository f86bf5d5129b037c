package io.streamtrain.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FixedRateTickerTest {

    @Test
    void shouldTickOnItsOwnNamedDaemonThreadUntilClosed() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (FixedRateTicker ticker = new FixedRateTicker("test-ticker")) {
            ticker.start(Duration.ofMillis(1), () -> {
                thread.set(Thread.currentThread());
                ticks.incrementAndGet();
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> ticks.get() >= 3);
        }
        int afterClose = ticks.get();

        assertThat(thread.get().getName()).isEqualTo("test-ticker");
        assertThat(thread.get().isDaemon()).isTrue();
        await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5)).until(() -> ticks.get() == afterClose);
    }
}
