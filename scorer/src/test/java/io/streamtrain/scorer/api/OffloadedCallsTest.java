package io.streamtrain.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OffloadedCallsTest {

    private static final OffloadedCalls.Refusals REFUSALS = new OffloadedCalls.Refusals() {
        @Override
        public String busy(int concurrency) {
            return "busy with " + concurrency;
        }

        @Override
        public String late(Duration timeout) {
            return "late after " + timeout.toMillis() + " ms";
        }

        @Override
        public ApiException failed(Throwable cause) {
            return ApiException.serverError("failed: " + cause.getMessage());
        }
    };

    private final CountDownLatch release = new CountDownLatch(1);
    private final OffloadedCalls calls = new OffloadedCalls(1, Duration.ofSeconds(20),
            Thread.ofPlatform().daemon().name("offloaded-test-", 0).factory());

    @AfterEach
    void releaseAndClose() {
        release.countDown();
        calls.close();
    }

    @Test
    void shouldRunTheCallOnAThreadOfItsOwnAndReturnItsResult() {
        String thread = calls.call(() -> Thread.currentThread().getName(), REFUSALS);

        assertThat(thread).startsWith("offloaded-test-").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void shouldRefuseACallBeyondTheConcurrencyWith503UntilTheRunningOneEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> calls.call(() -> {
            started.countDown();
            release.await();
            return "first";
        }, REFUSALS));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> calls.call(() -> "second", REFUSALS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessage("busy with 1");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(calls.call(() -> "third", REFUSALS)).isEqualTo("third");
    }

    @Test
    void shouldAnswer504WhenTheCallOutlastsTheLimitAndKeepItsSlotUntilItEnds() {
        try (OffloadedCalls quick = new OffloadedCalls(1, Duration.ofMillis(50), Thread.ofVirtual().factory())) {
            assertThatThrownBy(() -> quick.call(() -> {
                release.await();
                return "late";
            }, REFUSALS))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(504))
                    .hasMessage("late after 50 ms");

            assertThatThrownBy(() -> quick.call(() -> "meanwhile", REFUSALS))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        }
    }

    @Test
    void shouldPassTheCallsOwnApiExceptionOnAndMapAnyOtherFailure() {
        assertThatThrownBy(() -> calls.call(() -> {
            throw ApiException.unprocessable("no model");
        }, REFUSALS)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422)).hasMessage("no model");

        assertThatThrownBy(() -> calls.call(() -> {
            throw new IllegalStateException("boom");
        }, REFUSALS)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(500)).hasMessage("failed: boom");
    }
}
