package io.streamtrain.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one soak run does, from its command-line arguments: {@code duration=PT10M}, {@code rate=auto} (records/s;
 * {@code auto} measures the capacity first and runs at {@code load} times it), {@code load=0.5}, {@code probe=PT1M},
 * {@code sample=PT10S}, {@code csv=target/soak/soak.csv}, {@code requests=200}, {@code broker=process}; any other
 * {@code key=value} is a pipeline, service or {@code kafka.*} setting over the soak's defaults.
 *
 * @param duration       how long the load runs
 * @param fixedRate      records/s to send; 0 means measure the capacity and send {@code load} times it
 * @param load           share of the measured capacity to run at
 * @param probe          the capacity probe offers records as fast as it can for a quarter of this, then measures
 *                       how fast the streams-app drains them
 * @param sampleInterval time between two samples
 * @param csv            where the samples go
 * @param requests       score requests sent per second (of 10 records each)
 * @param brokerProcess  whether the broker runs in a JVM of its own ({@code broker=process}, the default), so that
 *                       the heap column measures streamtrain's services and the load generator alone, or in the soak's
 *                       JVM ({@code broker=embedded})
 * @param pipeline       the pipeline's configuration
 */
record SoakSettings(Duration duration, int fixedRate, double load, Duration probe, Duration sampleInterval, Path csv,
                    int requests, boolean brokerProcess, Map<String, String> pipeline) {

    SoakSettings {
        if (duration.isNegative() || duration.isZero() || sampleInterval.isNegative() || sampleInterval.isZero()) {
            throw new IllegalArgumentException("duration and sample must be positive");
        }
        if (fixedRate < 0 || load <= 0 || load > 1) {
            throw new IllegalArgumentException("rate must be auto or a positive number, load in (0, 1]");
        }
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be positive, was " + requests);
        }
        pipeline = Map.copyOf(pipeline);
    }

    static SoakSettings parse(List<String> args) {
        Map<String, String> pipeline = new HashMap<>();
        pipeline.put("pipeline.name", "soak");
        pipeline.put("window.size.ms", "10000");
        pipeline.put("window.grace.ms", "1000");
        pipeline.put("window.idle.close.ms", "5000");
        pipeline.put("scorer.instance.id", "soak-1");
        pipeline.put("scorer.http.port", "-1");
        Map<String, String> own = new HashMap<>(Map.of("duration", "PT10M", "rate", "auto", "load", "0.5", "probe", "PT1M",
                "sample", "PT10S", "csv", "target/soak/soak.csv", "requests", "200", "broker", "process"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            String key = arg.substring(0, equals);
            (own.containsKey(key) ? own : pipeline).put(key, arg.substring(equals + 1));
        }
        String rate = own.get("rate");
        String broker = own.get("broker");
        if (!broker.equals("process") && !broker.equals("embedded")) {
            throw new IllegalArgumentException("broker is process or embedded, was " + broker);
        }
        return new SoakSettings(Duration.parse(own.get("duration")), rate.equals("auto") ? 0 : Integer.parseInt(rate),
                Double.parseDouble(own.get("load")), Duration.parse(own.get("probe")), Duration.parse(own.get("sample")),
                Path.of(own.get("csv")), Integer.parseInt(own.get("requests")), broker.equals("process"), pipeline);
    }

    /** These settings with one more pipeline setting. */
    SoakSettings withPipelineSetting(String key, String value) {
        Map<String, String> merged = new HashMap<>(pipeline);
        merged.put(key, value);
        return new SoakSettings(duration, fixedRate, load, probe, sampleInterval, csv, requests, brokerProcess, merged);
    }

    String pipelineName() {
        return pipeline.get("pipeline.name");
    }
}
