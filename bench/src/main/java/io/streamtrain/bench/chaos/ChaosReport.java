package io.streamtrain.bench.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of a chaos run and its figures, printed as a Markdown table: each line is a check with what it compares
 * and whether it passed, then the kill schedule.
 *
 * @param settings        the run's settings
 * @param capacity        records/s measured at the start
 * @param rate            labelled records/s sent during the run
 * @param load            what was sent
 * @param audit           what the topics say happened to it
 * @param outages         the longest outage of each watched endpoint
 * @param intervals       every outage of each watched endpoint, for the kill schedule
 * @param events          kills and self-exits, in order
 * @param loadAverage     the machine's load averages (1, 5, 15 min) when the load started and when it stopped
 * @param brokerSameAddress whether the restarted broker announced the address it started on
 */
record ChaosReport(ChaosSettings settings, double capacity, int rate, Load load, PipelineAudit audit,
                   Map<String, Availability.Outage> outages, Map<String, List<Availability.Interval>> intervals,
                   List<ChaosEvent> events, List<String> loadAverage, boolean brokerSameAddress) {

    /**
     * Suffix of a process's liveness endpoint: back once its JVM has started and serves health checks. Shown in the kill
     * schedule to tell a JVM's start from a service's recovery; not a check of its own.
     */
    static final String LIVE = " live";
    /** The outages a kill is taken to cause: those beginning from just before it until the next kill, at most this long after it. */
    private static final double CAUSED_WITHIN_SECONDS = 30;

    ChaosReport {
        outages = Map.copyOf(outages);
        intervals = Map.copyOf(intervals);
        events = List.copyOf(events);
        loadAverage = List.copyOf(loadAverage);
    }

    private record Line(String check, String figures, boolean passed) {
    }

    private List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        long perRequest = ChaosBenchmark.RECORDS_PER_REQUEST;
        lines.add(new Line("labelled records on the input topic: acknowledged <= on topic <= sent",
                load.recordsAcknowledged() + " <= " + audit.inputRecords() + " <= " + load.recordsSent(),
                load.recordsAcknowledged() <= audit.inputRecords() && audit.inputRecords() <= load.recordsSent()));
        lines.add(new Line("input records = in model lineages + skipped + dead-lettered",
                audit.inputRecords() + " = " + audit.inLineages() + " + " + audit.skipped() + " + " + audit.deadLettered()
                        + (audit.accounted() == audit.inputRecords() ? "" : " (off by " + (audit.accounted() - audit.inputRecords()) + ")"),
                audit.accounted() == audit.inputRecords()));
        lines.add(new Line("model versions gapless, one model per batch",
                audit.versions().size() + " versions" + (audit.versions().isEmpty() ? "" : " (" + audit.versions().getFirst() + ".."
                        + audit.versions().getLast() + ")") + ", " + audit.duplicateBatches() + " batches trained twice",
                !audit.versions().isEmpty() && audit.versionsGapless() && audit.duplicateBatches() == 0));
        lines.add(new Line("score requests on their topic: acknowledged <= on topic <= sent",
                load.requestsAcknowledged() + " <= " + audit.requests() + " <= " + load.requestsSent(),
                load.requestsAcknowledged() <= audit.requests() && audit.requests() <= load.requestsSent()));
        long expected = (audit.requests() - audit.requestsDeadLettered()) * perRequest;
        lines.add(new Line("predictions = distinct answers = records of the requests not dead-lettered",
                audit.predictions() + " = " + audit.distinctAnswers() + " = (" + audit.requests() + " - " + audit.requestsDeadLettered()
                        + ") x " + perRequest,
                audit.predictions() == audit.distinctAnswers() && audit.distinctAnswers() == expected));
        Duration goal = settings.outageGoal();
        outages.entrySet().stream().filter(entry -> !entry.getKey().endsWith(LIVE)).sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Availability.Outage outage = entry.getValue();
            String name = switch (entry.getKey()) {
                case "served model" -> "longest time without a served model (scorer REST GET .../model)";
                case "Kafka answers" -> "longest time the broker did not answer (Admin describeCluster)";
                case "broker" -> "longest readiness outage of the broker's process (embedded broker + dashboard, /health/ready)";
                default -> "longest readiness outage of " + entry.getKey() + " (/health/ready)";
            };
            lines.add(new Line(name + " <= " + seconds(goal), seconds(outage.longest())
                    + (outage.atSecond() < 0 ? "" : String.format(Locale.ROOT, " from %.0f s", outage.atSecond())),
                    outage.everUp() && outage.longest().compareTo(goal) <= 0));
        });
        lines.add(new Line("the restarted broker came back on its address", brokerSameAddress ? "yes" : "no", brokerSameAddress));
        long exits = events.stream().filter(event -> !event.isKill()).count();
        lines.add(new Line("no process ended by itself", exits + " ended by itself", exits == 0));
        return lines;
    }

    boolean passed() {
        return lines().stream().allMatch(Line::passed);
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nchaos: %s of load at %d labelled records/s (%.2f of %.0f measured) and %d score requests/s of %d "
                        + "records; %d kills (seed %d, every %s to %s); session timeout %s; load average %s at the start, %s at the end%n%n",
                settings.duration(), rate, settings.load(), capacity, settings.requests(), ChaosBenchmark.RECORDS_PER_REQUEST,
                events.stream().filter(ChaosEvent::isKill).count(), settings.seed(), settings.killMin(), settings.killMax(),
                settings.session(), loadAverage.getFirst(), loadAverage.getLast());
        out.println("| check | figures | |");
        out.println("|---|---|---|");
        for (Line line : lines()) {
            out.printf("| %s | %s | %s |%n", line.check(), line.figures(), line.passed() ? "pass" : "FAIL");
        }
        out.println();
        out.println("kill schedule (seconds since the watch started; the load starts once everything is up, within seconds), "
                + "with the outages beginning after each, until the next or for " + (int) CAUSED_WITHIN_SECONDS
                + " s (\"<process> live\": its JVM answering /health/live again):");
        for (int i = 0; i < events.size(); i++) {
            double until = i + 1 < events.size() ? events.get(i + 1).atSecond() : Double.MAX_VALUE;
            out.println("  " + events.get(i) + "; " + outagesAfter(events.get(i), until));
        }
        out.println(passed() ? "chaos: every check passed" : "chaos: a check FAILED");
    }

    private String outagesAfter(ChaosEvent event, double nextEventSecond) {
        double until = Math.min(nextEventSecond - 1, event.atSecond() + CAUSED_WITHIN_SECONDS);
        List<String> caused = new ArrayList<>();
        intervals.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> entry.getValue().stream()
                .filter(interval -> interval.fromSecond() >= event.atSecond() - 1 && interval.fromSecond() < until)
                .forEach(interval -> caused.add(entry.getKey() + " " + seconds(interval.length()))));
        return caused.isEmpty() ? "no outage over 1 s" : "down: " + String.join(", ", caused);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
