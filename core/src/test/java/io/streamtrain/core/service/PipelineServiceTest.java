package io.streamtrain.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PipelineServiceTest {

    @Test
    void shouldRunOnceTheFutureOfOpenCompletesAndReleaseOnceOnClose() {
        ExampleService service = new ExampleService(() -> CompletableFuture.completedFuture(null));

        service.start(Duration.ofSeconds(5));

        assertThat(service.lifecycle()).isEqualTo(PipelineService.Lifecycle.RUNNING);
        assertThat(service.announced.get()).isEqualTo(1);
        assertThat(service.isHealthy()).isTrue();
        service.close();
        service.close();
        assertThat(service.lifecycle()).isEqualTo(PipelineService.Lifecycle.CLOSED);
        assertThat(service.released.get()).isEqualTo(1);
        assertThat(service.isHealthy()).isFalse();
    }

    @Test
    void shouldRefuseASecondStart() {
        ExampleService service = new ExampleService(() -> CompletableFuture.completedFuture(null));
        service.start(Duration.ofSeconds(5));

        assertThatThrownBy(() -> service.start(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("example of pipeline churn can be started once; it is running");
        service.close();
    }

    @Test
    void shouldReleaseWhatItOpenedWhenOpenThrows() {
        ExampleService service = new ExampleService(() -> {
            throw new IllegalStateException("topic missing");
        });

        assertThatThrownBy(() -> service.start(Duration.ofSeconds(5))).hasMessage("topic missing");
        assertThat(service.released.get()).isEqualTo(1);
        assertThat(service.lifecycle()).isEqualTo(PipelineService.Lifecycle.CLOSED);
    }

    @Test
    void shouldReleaseAndSayWhatIsMissingWhenItDoesNotRunWithinTheTimeout() {
        ExampleService service = new ExampleService(CompletableFuture::new);

        assertThatThrownBy(() -> service.start(Duration.ofMillis(100)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("example of pipeline churn did not start within PT0.1S: the example never runs");
        assertThat(service.released.get()).isEqualTo(1);
        assertThat(service.announced.get()).isZero();
    }

    @Test
    void shouldReleaseAndGiveTheReasonWhenTheFutureFails() {
        ExampleService service = new ExampleService(() -> CompletableFuture.failedFuture(new IllegalStateException("fenced")));

        assertThatThrownBy(() -> service.start(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("example of pipeline churn failed to start: fenced")
                .hasRootCauseMessage("fenced");
        assertThat(service.released.get()).isEqualTo(1);
    }

    @Test
    void shouldFailTheStartWhenClosedWhileItWaits() throws Exception {
        CompletableFuture<Void> running = new CompletableFuture<>();
        ExampleService service = new ExampleService(() -> running);
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> service.start(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.lifecycle() == PipelineService.Lifecycle.STARTING);

        service.close();
        running.complete(null);

        assertThatThrownBy(start::join).hasRootCauseMessage("example of pipeline churn was closed while it started");
        assertThat(service.released.get()).isEqualTo(1);
        assertThat(service.announced.get()).isZero();
    }

    /** A service whose {@code open} returns what {@code opening} gives, counting releases and announcements. */
    private static final class ExampleService extends PipelineService {
        private final Supplier<CompletableFuture<?>> opening;
        final AtomicInteger released = new AtomicInteger();
        final AtomicInteger announced = new AtomicInteger();

        ExampleService(Supplier<CompletableFuture<?>> opening) {
            super("example", "churn");
            this.opening = opening;
        }

        @Override
        public boolean isHealthy() {
            return isOpen();
        }

        @Override
        protected CompletableFuture<?> open(Duration timeout) {
            return opening.get();
        }

        @Override
        protected String notRunningYet() {
            return "the example never runs";
        }

        @Override
        protected void onRunning() {
            announced.incrementAndGet();
        }

        @Override
        protected void release() {
            released.incrementAndGet();
        }
    }
}
