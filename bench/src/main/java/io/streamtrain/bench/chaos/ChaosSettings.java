package io.streamtrain.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one chaos run does, from its command-line arguments ({@code key=value}): {@code jar} (the launcher's runnable
 * jar, required), {@code work} (a folder for the broker's data, the Streams state, configuration files and the
 * processes' logs, required), {@code duration=PT10M}, {@code seed=42}, {@code load=0.5}, {@code probe=PT1M},
 * {@code requests=20}, {@code kill.min=PT30S}, {@code kill.max=PT60S}, {@code drain=PT5M}, {@code session=PT10S}.
 *
 * @param jar         the launcher's runnable jar, which every process of the pipeline runs
 * @param work        where the run keeps everything it writes; emptied first
 * @param duration    how long the load runs, with the kills
 * @param seed        seed of the kill schedule (the victims and the times between kills)
 * @param load        share of the capacity measured at the start to send labelled records at
 * @param probe       the capacity probe offers records as fast as it can for a quarter of this, then measures the drain
 * @param requests    score requests sent per second, of {@value ChaosBenchmark#RECORDS_PER_REQUEST} records each
 * @param killMin     least time between two kills
 * @param killMax     most time between two kills
 * @param drain       how long the pipeline may take, everything up and the load stopped, to account for everything
 * @param session     the consumer groups' session timeout ({@code kafka.session.timeout.ms}); the goal for every
 *                    outage is this plus 10 s
 */
record ChaosSettings(Path jar, Path work, Duration duration, long seed, double load, Duration probe, int requests,
                     Duration killMin, Duration killMax, Duration drain, Duration session) {

    ChaosSettings {
        if (duration.isNegative() || duration.isZero() || drain.isNegative() || drain.isZero()) {
            throw new IllegalArgumentException("duration and drain must be positive");
        }
        if (load <= 0 || load > 1 || requests < 0) {
            throw new IllegalArgumentException("load must be in (0, 1], requests at least 0");
        }
        if (killMin.isNegative() || killMin.isZero() || killMax.compareTo(killMin) < 0) {
            throw new IllegalArgumentException("kill.min must be positive and at most kill.max");
        }
    }

    static ChaosSettings parse(List<String> args) {
        Map<String, String> values = new HashMap<>(Map.of("duration", "PT10M", "seed", "42", "load", "0.5", "probe", "PT1M",
                "requests", "20", "kill.min", "PT30S", "kill.max", "PT60S", "drain", "PT5M", "session", "PT10S"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            String key = arg.substring(0, equals);
            if (!values.containsKey(key) && !key.equals("jar") && !key.equals("work")) {
                throw new IllegalArgumentException("unknown argument " + key + "; see ChaosSettings");
            }
            values.put(key, arg.substring(equals + 1));
        }
        if (!values.containsKey("jar") || !values.containsKey("work")) {
            throw new IllegalArgumentException("jar=<the launcher's streamtrain.jar> and work=<folder> are required");
        }
        return new ChaosSettings(Path.of(values.get("jar")), Path.of(values.get("work")), Duration.parse(values.get("duration")),
                Long.parseLong(values.get("seed")), Double.parseDouble(values.get("load")), Duration.parse(values.get("probe")),
                Integer.parseInt(values.get("requests")), Duration.parse(values.get("kill.min")), Duration.parse(values.get("kill.max")),
                Duration.parse(values.get("drain")), Duration.parse(values.get("session")));
    }

    /** The longest outage the run accepts: the session timeout plus 10 s. */
    Duration outageGoal() {
        return session.plusSeconds(10);
    }
}
