package io.streamtrain.bench.scoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load generator: request {@code i} is due at {@code start + i / rate} whatever happened to the
 * requests before it, and its latency runs from that due time, not from when it was actually sent, until its response
 * has been read. A server (or a generator) that stalls thus charges the stall to every request that should have gone
 * out meanwhile, instead of quietly sending fewer requests: no coordinated omission. Requests go out asynchronously
 * through {@link HttpClient}, which opens as many connections as the outstanding requests need.
 */
final class OpenLoopLoad {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What a run measured.
     *
     * @param latencyNanos  per request, from its due time to its response; -1 where no response came
     * @param errors        requests answered with a status other than 200, or not at all
     * @param maxSendLagNanos the most a request went out after its due time (the generator's own lateness)
     * @param seconds       from the first due time until the last response
     */
    record Run(long[] latencyNanos, long errors, long maxSendLagNanos, double seconds) {

        /** The nearest-rank {@code p}-th percentile of the answered requests' latencies, in milliseconds. */
        double percentileMillis(double p) {
            long[] sorted = Arrays.stream(latencyNanos).filter(n -> n >= 0).sorted().toArray();
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }
    }

    private OpenLoopLoad() {
    }

    /** POSTs {@code bodies} in turn to {@code uri} at {@code perSecond} requests a second for {@code duration}. */
    static Run post(HttpClient client, URI uri, List<byte[]> bodies, int perSecond, Duration duration) throws InterruptedException {
        int count = (int) (duration.toMillis() * perSecond / 1000);
        long[] latencies = new long[count];
        Arrays.fill(latencies, -1);
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(count);
        long period = 1_000_000_000L / perSecond;
        long maxLag = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(RESPONSE_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size())))
                    .build();
            int index = i;
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                if (failure == null && response.statusCode() == 200) {
                    latencies[index] = System.nanoTime() - due;
                } else {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        if (!done.await(RESPONSE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            throw new IllegalStateException(done.getCount() + " requests got no response and no error");
        }
        return new Run(latencies, errors.get(), maxLag, (System.nanoTime() - start) / 1e9);
    }
}
