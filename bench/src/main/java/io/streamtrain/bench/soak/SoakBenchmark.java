package io.streamtrain.bench.soak;

import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * A bounded soak run: the whole pipeline (streams-app, trainer, scorer) in this JVM, against a broker in a JVM of its
 * own ({@link BrokerProcess}; or embedded in this one), under steady load for a fixed time, sampled at a fixed
 * interval into a CSV (see {@link SoakSample}), with a summary comparing the first and the last third of the run. The
 * load is the demo's traffic (labelled records with event time = now, 1% malformed, and score requests of 10 records)
 * at {@code load} times the capacity measured first by {@link CapacityProbe}, or at a fixed rate. Arguments: see
 * {@link SoakSettings}. {@code bench/soak/plot_soak.py} draws the CSV.
 */
public final class SoakBenchmark {

    private static final int RECORDS_PER_REQUEST = 10;

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SoakSettings settings = SoakSettings.parse(List.of(args));
        if (settings.brokerProcess()) {
            // The broker's data is new, so the Streams state must be too (a deployment does this itself only for an embedded broker).
            Path stateDir = Files.createTempDirectory("soak-streams-state-");
            try (BrokerProcess broker = BrokerProcess.start()) {
                System.out.println("soak: broker in its own JVM at " + broker.bootstrapServers());
                soak(settings.withPipelineSetting("kafka.bootstrap.servers", broker.bootstrapServers())
                        .withPipelineSetting("streams.state.dir", stateDir.toString()), broker);
            } finally {
                Utils.delete(stateDir.toFile());
            }
        } else {
            soak(settings, null);
        }
        System.exit(0);
    }

    /** @param broker the broker's own JVM, or null when the broker is embedded in this one */
    private static void soak(SoakSettings settings, BrokerProcess broker) throws Exception {
        String name = settings.pipelineName();
        DeploymentDefinition definition = new DeploymentDefinition(List.of(PipelineDefinition.of(name, settings.pipeline())));
        try (Deployment deployment = Deployment.start(definition, EnumSet.allOf(ServiceKind.class), null, Duration.ofMinutes(2));
             Admin admin = Admin.create(deployment.clientProperties())) {
            GroupLag lag = new GroupLag(admin);
            String streamsGroup = "streamtrain-" + name + "-streams";
            int rate = settings.fixedRate() > 0 ? settings.fixedRate() : (int) Math.round(settings.load()
                    * CapacityProbe.measure(deployment, name, lag, streamsGroup, "streamtrain-" + name + "-trainer", settings.probe()));
            System.out.printf(Locale.ROOT, "soak: %d records/s and %d score requests/s of %d records for %s, sampled every %s%n",
                    rate, settings.requests(), RECORDS_PER_REQUEST, settings.duration(), settings.sampleInterval());
            List<SoakSample> samples = run(deployment, lag, streamsGroup, settings, rate, broker);
            summarise(samples);
        }
    }

    private static List<SoakSample> run(Deployment deployment, GroupLag lag, String streamsGroup, SoakSettings settings, int rate,
                                        BrokerProcess broker) throws IOException, InterruptedException {
        String name = settings.pipelineName();
        var topics = deployment.pipeline(name).pipeline().topics();
        DemoTraffic traffic = new DemoTraffic(rate, settings.requests(), RECORDS_PER_REQUEST, 0.01, 0.5, 42L, Duration.ofMinutes(10));
        Files.createDirectories(settings.csv().toAbsolutePath().getParent());
        List<SoakSample> samples = new ArrayList<>();
        try (OutputWatcher watcher = new OutputWatcher(deployment.clientProperties(), topics);
             DemoProducer producer = new DemoProducer(deployment.clientProperties(), topics, traffic, Clock.systemUTC());
             PrintWriter csv = new PrintWriter(Files.newBufferedWriter(settings.csv()))) {
            csv.println(SoakSample.HEADER);
            long start = System.nanoTime();
            long end = start + settings.duration().toNanos();
            long previousSent = 0;
            long previousAt = start;
            producer.start();
            for (long next = start + settings.sampleInterval().toNanos(); next <= end; next += settings.sampleInterval().toNanos()) {
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                long now = System.nanoTime();
                long sent = producer.recordsSent();
                List<Long> latencies = watcher.drainRequestLatencies();
                SoakSample sample = new SoakSample((now - start) / 1e9, (sent - previousSent) / ((now - previousAt) / 1e9),
                        heapAfterGcMb(), broker == null ? -1 : broker.heapAfterGcMb(), lag.of(streamsGroup, topics.records()), lag.of("streamtrain-" + name + "-trainer", topics.batches()),
                        lag.of("streamtrain-" + name + "-scorer", topics.scoreRequests()), SoakSample.quantile(latencies, 0.5),
                        SoakSample.quantile(latencies, 0.99), SoakSample.mean(watcher.drainFreshness()), watcher.modelsLoaded());
                previousSent = sent;
                previousAt = now;
                samples.add(sample);
                csv.println(sample.csv());
                csv.flush();
                System.out.println("soak: " + sample);
                if (!deployment.isHealthy()) {
                    throw new IllegalStateException("a service failed during the soak: " + deployment.health());
                }
            }
        }
        return samples;
    }

    /** Heap in use right after a full collection: what the JVM really keeps. */
    private static double heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static void summarise(List<SoakSample> samples) {
        int third = Math.max(1, samples.size() / 3);
        List<SoakSample> first = samples.subList(0, third);
        List<SoakSample> last = samples.subList(samples.size() - third, samples.size());
        System.out.println("soak summary: median of the first third -> median of the last third");
        line("records/s", first, last, SoakSample::recordsPerSecond);
        line("heap after GC, MB", first, last, SoakSample::heapAfterGcMb);
        line("broker heap after GC, MB", first, last, SoakSample::brokerHeapAfterGcMb);
        line("streams-app lag, records", first, last, s -> s.streamsLag());
        line("trainer lag, messages", first, last, s -> s.trainerLag());
        line("scorer lag, requests", first, last, s -> s.scorerLag());
        line("request latency p50, ms", first, last, s -> s.requestP50Ms());
        line("request latency p99, ms", first, last, s -> s.requestP99Ms());
        line("model freshness, ms", first, last, s -> s.freshnessMs());
        System.out.println("soak summary: models loaded " + samples.getLast().modelsLoaded());
    }

    private static void line(String what, List<SoakSample> first, List<SoakSample> last, ToDoubleFunction<SoakSample> metric) {
        System.out.printf(Locale.ROOT, "soak summary: %-26s %10.1f -> %10.1f%n", what, median(first, metric), median(last, metric));
    }

    /** Median over the samples that have the metric (negative means none in that interval). */
    private static double median(List<SoakSample> samples, ToDoubleFunction<SoakSample> metric) {
        double[] values = samples.stream().mapToDouble(metric).filter(v -> v >= 0).sorted().toArray();
        return values.length == 0 ? -1 : values[values.length / 2];
    }
}
