package io.streamtrain.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polls endpoints every {@value #POLL_MS} ms and keeps, for each, its longest outage: the longest time between two
 * good answers once it first answered well (to within one poll interval; a process being restarted answers nothing,
 * which counts as a bad answer). An HTTP endpoint answers well with 200. An endpoint still down when the run reads the
 * figures counts up to that moment. Times are in seconds since {@link #start()}.
 */
final class Availability implements AutoCloseable {

    static final long POLL_MS = 250;
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_BOUND).build();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private ScheduledExecutorService pollers;
    private volatile long start;

    /** Gaps between good answers longer than this are outages; shorter ones are the poll's own rhythm. */
    private static final long OUTAGE_NANOS = Duration.ofSeconds(1).toNanos();

    /** The longest outage of one endpoint and when it began, seconds into the run. */
    record Outage(Duration longest, double atSecond, boolean everUp) {
    }

    /** One outage of an endpoint: from its last good answer, seconds into the run, for {@code length}. */
    record Interval(double fromSecond, Duration length) {
    }

    /** Watches {@code uri} under {@code name}: up while it answers 200; call before {@link #start()}. */
    Availability watch(String name, URI uri) {
        return watch(name, () -> answers200(uri));
    }

    /** Watches {@code probe} under {@code name}: up while it returns true within a second; call before {@link #start()}. */
    Availability watch(String name, BooleanSupplier probe) {
        endpoints.put(name, new Endpoint(probe));
        return this;
    }

    /** Starts polling; returns the moment it did ({@link System#nanoTime()}), which the outages' times count from. */
    long start() {
        start = System.nanoTime();
        // A thread per endpoint: one that takes its full second to time out does not delay the others' polls.
        pollers = Executors.newScheduledThreadPool(endpoints.size(), r -> Thread.ofPlatform().name("chaos-availability").daemon().unstarted(r));
        for (Endpoint endpoint : endpoints.values()) {
            pollers.scheduleWithFixedDelay(() -> poll(endpoint), 0, POLL_MS, TimeUnit.MILLISECONDS);
        }
        return start;
    }

    /** Whether every endpoint answers 200 now (as of the last poll). */
    synchronized boolean allUp() {
        return endpoints.values().stream().allMatch(endpoint -> endpoint.up);
    }

    /** Every outage of every endpoint longer than a second, in order; one still going counts up to now. */
    synchronized Map<String, List<Interval>> intervals() {
        long now = System.nanoTime();
        Map<String, List<Interval>> intervals = new LinkedHashMap<>();
        endpoints.forEach((name, endpoint) -> intervals.put(name, endpoint.intervals(now, start)));
        return intervals;
    }

    synchronized Map<String, Outage> outages() {
        long now = System.nanoTime();
        Map<String, Outage> outages = new LinkedHashMap<>();
        endpoints.forEach((name, endpoint) -> outages.put(name, endpoint.outage(now, start)));
        return outages;
    }

    private void poll(Endpoint endpoint) {
        boolean ok = endpoint.probe.getAsBoolean();
        long now = System.nanoTime();
        synchronized (this) {
            endpoint.record(ok, now);
        }
    }

    private boolean answers200(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(ANSWER_BOUND).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (pollers != null) {
            pollers.shutdownNow();
        }
    }

    /** One endpoint's state; guarded by the enclosing instance. */
    private static final class Endpoint {
        private final BooleanSupplier probe;
        private boolean up;
        private long lastUp = -1;
        private long longestNanos;
        private long longestFrom = -1;
        /** Start and end ({@link System#nanoTime()}) of each outage over a second. */
        private final List<long[]> outages = new ArrayList<>();

        Endpoint(BooleanSupplier probe) {
            this.probe = probe;
        }

        void record(boolean ok, long now) {
            if (ok) {
                if (lastUp >= 0 && now - lastUp > longestNanos) {
                    longestNanos = now - lastUp;
                    longestFrom = lastUp;
                }
                if (lastUp >= 0 && now - lastUp > OUTAGE_NANOS) {
                    outages.add(new long[] {lastUp, now});
                }
                lastUp = now;
            }
            up = ok;
        }

        List<Interval> intervals(long now, long start) {
            List<Interval> intervals = new ArrayList<>();
            for (long[] outage : outages) {
                intervals.add(new Interval((outage[0] - start) / 1e9, Duration.ofNanos(outage[1] - outage[0])));
            }
            if (!up && lastUp >= 0 && now - lastUp > OUTAGE_NANOS) {
                intervals.add(new Interval((lastUp - start) / 1e9, Duration.ofNanos(now - lastUp)));
            }
            return intervals;
        }

        Outage outage(long now, long start) {
            long longest = longestNanos;
            long from = longestFrom;
            if (!up && lastUp >= 0 && now - lastUp > longest) {
                longest = now - lastUp;
                from = lastUp;
            }
            return new Outage(Duration.ofNanos(longest), from < 0 ? -1 : (from - start) / 1e9, lastUp >= 0);
        }
    }
}
