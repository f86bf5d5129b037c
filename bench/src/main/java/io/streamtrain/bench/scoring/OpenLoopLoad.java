package io.streamtrain.bench.scoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load generator: request {@code i} is due at {@code start + i / rate} whatever happened to the
 * requests before it, and its latency runs from that due time, not from when it was actually sent, until its response
 * has been read. A server (or a generator) that stalls thus charges the stall to every request that should have gone
 * out meanwhile, instead of quietly sending fewer requests: no coordinated omission.
 *
 * <p>A pacer thread hands each request to a queue at its due time; {@value #CONNECTIONS} sender threads, one
 * keep-alive connection each, take them in turn. Bounding the connections keeps a slow server from making the
 * generator open one connection per outstanding request (and run out of file descriptors); a request that waits
 * for a free sender counts that wait in its latency.
 */
final class OpenLoopLoad {

    private static final int CONNECTIONS = 32;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What a run measured.
     *
     * @param latencyNanos    per request, from its due time to its response; -1 where no 200 response came
     * @param errors          requests answered with a status other than 200, or not at all
     * @param maxSendLagNanos the most a request was handed over after its due time (the pacer's own lateness)
     * @param seconds         from the first due time until the last response
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
        long[] due = new long[count];
        AtomicLong errors = new AtomicLong();
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        Thread[] senders = new Thread[CONNECTIONS];
        for (int s = 0; s < CONNECTIONS; s++) {
            senders[s] = Thread.ofPlatform().name("bench-http-sender-" + s).daemon().start(() -> send(client, uri, bodies, queue, due, latencies, errors));
        }
        long period = 1_000_000_000L / perSecond;
        long maxLag = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            due[i] = start + i * period;
            long wait;
            while ((wait = due[i] - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due[i]);
            queue.add(i);
        }
        for (int s = 0; s < CONNECTIONS; s++) {
            queue.add(-1);
        }
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(RESPONSE_TIMEOUT.toSeconds() + 30));
        }
        return new Run(latencies, errors.get(), maxLag, (System.nanoTime() - start) / 1e9);
    }

    private static void send(HttpClient client, URI uri, List<byte[]> bodies, BlockingQueue<Integer> queue, long[] due,
                             long[] latencies, AtomicLong errors) {
        try {
            for (int i = queue.take(); i >= 0; i = queue.take()) {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(RESPONSE_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size())))
                        .build();
                try {
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200) {
                        latencies[i] = System.nanoTime() - due[i];
                    } else {
                        errors.incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
