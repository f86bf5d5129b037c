package io.streamtrain.bench.scoring;

import io.streamtrain.ml.model.RuntimeVersions;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/** Prints the results of {@link ScoringThroughputBenchmark} as Markdown tables, ready for BENCHMARKS.md. */
final class ThroughputReport {

    private ThroughputReport() {
    }

    static void print(Map<String, String> settings, List<ThroughputOutcome> warmUp, List<ThroughputOutcome> outcomes, int costSample) {
        System.out.printf(Locale.ROOT, "%nTopic-to-topic scoring, one embedded broker (%s; JDK %s, %d cores, max heap %d MB, Kafka %s, Smile %s)%n",
                LocalDate.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, AppInfoParser.getVersion(), RuntimeVersions.smile());
        System.out.println("Scorer settings: " + (settings.isEmpty() ? "defaults" : "defaults and " + settings)
                + "; 3 request and prediction partitions");
        System.out.println("Warm-up round (not measured): " + warmUp.stream()
                .map(o -> String.format(Locale.ROOT, "%s %,d customers at %,.0f/s", o.shape().name(), o.loaded().records(),
                        o.loaded().records() / o.scorer().scoringSeconds()))
                .reduce((a, b) -> a + ", " + b).orElse("none") + "\n");
        printThroughput(outcomes);
        printScorerTime(outcomes);
        printMonitoringCost(outcomes);
        printBrokerRequests(outcomes);
        printCost(outcomes, costSample);
    }

    private static void printThroughput(List<ThroughputOutcome> outcomes) {
        System.out.println("| requests | Kafka records | customers | request bytes (avg) | plain consumer s | plain records/s | scorer s "
                + "| scorer records/s | scorer customers/s | scorer / plain | exactly once |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (ThroughputOutcome o : outcomes) {
            RequestLoader.Loaded loaded = o.loaded();
            double scoring = o.scorer().scoringSeconds();
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.0f | %.2f | %,.0f | %.2f | %,.0f | %,.0f | %.2fx | %s |%n",
                    o.shape().describe(), loaded.requests(), loaded.records(), loaded.averageRequestBytes(),
                    o.plainSeconds(), loaded.requests() / o.plainSeconds(), scoring, loaded.requests() / scoring,
                    loaded.records() / scoring, o.plainSeconds() / scoring, o.exactlyOnce() ? "yes" : "NO: " + o.audit());
        }
    }

    private static void printScorerTime(List<ThroughputOutcome> outcomes) {
        System.out.println("\nWhere the scorer's time went while scoring (percentages of the scorer's wall time above):\n");
        System.out.println("| requests | scorer start s | transactions | requests per transaction | scoring thread CPU s "
                + "| blocked in sendOffsetsToTransaction s | blocked in commitTransaction s | producer I/O thread CPU s | process CPU s "
                + "| other processes' share of the machine |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ThroughputOutcome o : outcomes) {
            ScorerRun.Result r = o.scorer();
            double wall = r.scoringSeconds();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %,d | %.0f | %.2f (%.0f%%) | %.2f (%.0f%%) | %.2f (%.0f%%) | %.2f | %.2f of %.2f | %.0f%% |%n",
                    o.shape().describe(), r.startSeconds(), r.transactions(), (double) o.loaded().requests() / Math.max(1, r.transactions()),
                    r.loopCpuSeconds(), 100 * r.loopCpuSeconds() / wall, r.sendOffsetsSeconds(), 100 * r.sendOffsetsSeconds() / wall,
                    r.commitSeconds(), 100 * r.commitSeconds() / wall, r.producerIoCpuSeconds(),
                    r.processCpuSeconds(), Runtime.getRuntime().availableProcessors() * wall, 100 * r.otherProcessesShare());
        }
    }

    private static void printMonitoringCost(List<ThroughputOutcome> outcomes) {
        System.out.println("\nDrift and late-label monitoring topic to topic: the scorer above (defaults: monitoring on), then a second "
                + "scorer with scorer.drift.enabled=false and scorer.labels.enabled=false, then a third with monitoring on again, "
                + "over the same requests; the overheads compare the mean of the two monitored runs with the unmonitored one:\n");
        System.out.println("| requests | on: customers/s | off: customers/s | on again: customers/s | on: process CPU µs/customer "
                + "| off: process CPU µs/customer | on again: process CPU µs/customer | wall-time overhead | CPU overhead |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ThroughputOutcome o : outcomes) {
            double customers = o.loaded().records();
            ScorerRun.Result on = o.scorer();
            ScorerRun.Result off = o.unmonitored();
            ScorerRun.Result again = o.monitoredAgain();
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %+.1f%% | %+.1f%% |%n", o.shape().describe(),
                    customers / on.scoringSeconds(), customers / off.scoringSeconds(), customers / again.scoringSeconds(),
                    1e6 * on.processCpuSeconds() / customers, 1e6 * off.processCpuSeconds() / customers,
                    1e6 * again.processCpuSeconds() / customers,
                    100 * ((on.scoringSeconds() + again.scoringSeconds()) / 2 / off.scoringSeconds() - 1),
                    100 * ((on.processCpuSeconds() + again.processCpuSeconds()) / 2 / off.processCpuSeconds() - 1));
        }
    }

    private static void printBrokerRequests(List<ThroughputOutcome> outcomes) {
        System.out.println("\nRequests the broker answered while scoring (count, average ms from receiving to answering, error responses):\n");
        System.out.println("| requests | Produce | Fetch (consumers) | TxnOffsetCommit | EndTxn | WriteTxnMarkers |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (ThroughputOutcome o : outcomes) {
            BrokerRequestTimes b = o.scorer().broker();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", o.shape().describe(), cell(b, "Produce"),
                    cell(b, "FetchConsumer"), cell(b, "TxnOffsetCommit"), cell(b, "EndTxn"), cell(b, "WriteTxnMarkers"));
        }
    }

    private static String cell(BrokerRequestTimes broker, String request) {
        Map<String, Long> errors = broker.errors(request);
        return String.format(Locale.ROOT, "%,d (%.1f ms)%s", broker.count(request), broker.averageMillis(request, BrokerRequestTimes.TOTAL),
                errors.isEmpty() ? "" : ", errors " + errors);
    }

    private static void printCost(List<ThroughputOutcome> outcomes, int costSample) {
        System.out.printf(Locale.ROOT, "%nScorer CPU per customer without Kafka, one thread (%,d customers, fastest of 5 passes):%n%n", costSample);
        System.out.println("| requests | JSON tree µs | tree to input record µs | extract + predict µs | prediction + encode µs | total µs | one-thread ceiling customers/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (ThroughputOutcome o : outcomes) {
            ScoringCost c = o.cost();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %,.0f |%n", o.shape().describe(),
                    c.jsonTreeMicros(), c.recordMicros(), c.predictMicros(), c.predictionMicros(), c.totalMicros(), 1e6 / c.totalMicros());
        }
    }
}
