package io.streamtrain.bench.scoring;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The embedded broker's request metrics ({@code kafka.network:type=RequestMetrics}): per request type, how many were
 * handled and how many milliseconds they took in total, waiting in the request queue, being processed, and waiting
 * on something else (for a transactional request the transaction coordinator, for a fetch new data). The
 * difference of two snapshots ({@link #since}) shows what one scorer run asked of the broker, and how fast it
 * answered: an {@code EndTxn} ends every transaction, so its count is the number of transactions.
 *
 * @param totals {count, summed milliseconds} by request type and metric
 * @param errors responses with an error, by request type and error name ({@code NONE} left out)
 */
record BrokerRequestTimes(Map<String, Map<String, Sum>> totals, Map<String, Map<String, Long>> errors) {

    static final String TOTAL = "TotalTimeMs";
    static final String QUEUE = "RequestQueueTimeMs";
    static final String LOCAL = "LocalTimeMs";
    static final String REMOTE = "RemoteTimeMs";
    private static final String[] METRICS = {TOTAL, QUEUE, LOCAL, REMOTE};
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** Requests counted and their summed milliseconds. */
    record Sum(double count, double millis) {

        Sum minus(Sum other) {
            return new Sum(count - other.count, millis - other.millis);
        }
    }

    BrokerRequestTimes {
        totals = Map.copyOf(totals);
        errors = Map.copyOf(errors);
    }

    static BrokerRequestTimes now() {
        Map<String, Map<String, Sum>> totals = new HashMap<>();
        Map<String, Map<String, Long>> errors = new HashMap<>();
        try {
            for (String metric : METRICS) {
                for (ObjectName name : SERVER.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=" + metric + ",*"), null)) {
                    double count = ((Number) SERVER.getAttribute(name, "Count")).doubleValue();
                    double mean = ((Number) SERVER.getAttribute(name, "Mean")).doubleValue();
                    totals.computeIfAbsent(name.getKeyProperty("request"), request -> new HashMap<>())
                            .merge(metric, new Sum(count, count * mean), (a, b) -> new Sum(a.count() + b.count(), a.millis() + b.millis()));
                }
            }
            for (ObjectName name : SERVER.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=ErrorsPerSec,*"), null)) {
                String error = name.getKeyProperty("error");
                if (!"NONE".equals(error)) {
                    long count = ((Number) SERVER.getAttribute(name, "Count")).longValue();
                    errors.computeIfAbsent(name.getKeyProperty("request"), request -> new HashMap<>()).merge(error, count, Long::sum);
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's request metrics", e);
        }
        return new BrokerRequestTimes(totals, errors);
    }

    /** What was handled between {@code before} and this snapshot. */
    BrokerRequestTimes since(BrokerRequestTimes before) {
        Map<String, Map<String, Sum>> difference = new HashMap<>();
        totals.forEach((request, metrics) -> {
            Map<String, Sum> earlier = before.totals.getOrDefault(request, Map.of());
            Map<String, Sum> delta = new HashMap<>();
            metrics.forEach((metric, sum) -> delta.put(metric, sum.minus(earlier.getOrDefault(metric, new Sum(0, 0)))));
            difference.put(request, delta);
        });
        Map<String, Map<String, Long>> newErrors = new HashMap<>();
        errors.forEach((request, counts) -> counts.forEach((error, count) -> {
            long added = count - before.errors.getOrDefault(request, Map.of()).getOrDefault(error, 0L);
            if (added > 0) {
                newErrors.computeIfAbsent(request, r -> new HashMap<>()).put(error, added);
            }
        }));
        return new BrokerRequestTimes(difference, newErrors);
    }

    /** Error responses to requests of type {@code request}, by error name; empty when every response was {@code NONE}. */
    Map<String, Long> errors(String request) {
        return errors.getOrDefault(request, Map.of());
    }

    /** Requests of type {@code request} (for example {@code Produce}, {@code EndTxn}). */
    long count(String request) {
        return Math.round(sum(request, TOTAL).count());
    }

    /** Average milliseconds of {@code metric} per request of type {@code request}; NaN if there was none. */
    double averageMillis(String request, String metric) {
        Sum sum = sum(request, metric);
        return sum.count() == 0 ? Double.NaN : sum.millis() / sum.count();
    }

    private Sum sum(String request, String metric) {
        return totals.getOrDefault(request, Map.of()).getOrDefault(metric, new Sum(0, 0));
    }
}
