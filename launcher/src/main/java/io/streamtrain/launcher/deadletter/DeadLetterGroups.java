package io.streamtrain.launcher.deadletter;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dead letters grouped by reason and, within a reason, by detail (the message that says what was wrong), each detail
 * with its count and the first few records as samples: where they came from and their value.
 */
public final class DeadLetterGroups {

    /** Longest sample value printed; longer ones are cut. */
    static final int MAX_SAMPLE_CHARS = 200;
    /** Most details printed per reason; the others are counted. */
    static final int MAX_DETAILS = 5;

    private final int samplesPerDetail;
    private final Map<String, Map<String, Detail>> byReason = new TreeMap<>();
    private long total;

    /** @param samplesPerDetail how many records to keep as samples of each detail */
    public DeadLetterGroups(int samplesPerDetail) {
        this.samplesPerDetail = samplesPerDetail;
    }

    /** One dead letter: its reason and detail headers (null when absent), where it came from, and its original value. */
    public void add(String reason, String detail, String source, byte[] value) {
        total++;
        Detail group = byReason.computeIfAbsent(reason == null ? "(no reason header)" : reason, r -> new LinkedHashMap<>())
                .computeIfAbsent(detail == null || detail.isBlank() ? "(no detail)" : detail, d -> new Detail());
        group.count++;
        if (group.samples.size() < samplesPerDetail) {
            group.samples.add(source + ": " + printable(value));
        }
    }

    public long total() {
        return total;
    }

    /** The number of dead letters of each reason. */
    public Map<String, Long> countsByReason() {
        Map<String, Long> counts = new TreeMap<>();
        byReason.forEach((reason, details) -> counts.put(reason, details.values().stream().mapToLong(d -> d.count).sum()));
        return counts;
    }

    /** Prints every reason with its count, its most frequent details with their counts and samples. */
    public void print(PrintWriter out) {
        Map<String, Long> counts = countsByReason();
        for (Map.Entry<String, Map<String, Detail>> reason : byReason.entrySet()) {
            out.printf("%s: %,d%n", reason.getKey(), counts.get(reason.getKey()));
            List<Map.Entry<String, Detail>> details = new ArrayList<>(reason.getValue().entrySet());
            details.sort(Comparator.comparingLong((Map.Entry<String, Detail> d) -> d.getValue().count).reversed());
            for (Map.Entry<String, Detail> detail : details.subList(0, Math.min(MAX_DETAILS, details.size()))) {
                out.printf("  %,d x %s%n", detail.getValue().count, detail.getKey());
                detail.getValue().samples.forEach(sample -> out.println("      " + sample));
            }
            if (details.size() > MAX_DETAILS) {
                long others = details.subList(MAX_DETAILS, details.size()).stream().mapToLong(d -> d.getValue().count).sum();
                out.printf("  %,d more with %d other details%n", others, details.size() - MAX_DETAILS);
            }
        }
    }

    /** The value as text when it is UTF-8 (JSON, CSV), else as hex (Avro); cut to {@link #MAX_SAMPLE_CHARS}. */
    static String printable(byte[] value) {
        if (value == null) {
            return "(null)";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
                text = "hex " + HexFormat.of().formatHex(value);
            }
        } catch (CharacterCodingException e) {
            text = "hex " + HexFormat.of().formatHex(value);
        }
        return text.length() <= MAX_SAMPLE_CHARS ? text : text.substring(0, MAX_SAMPLE_CHARS) + "...";
    }

    private static final class Detail {
        private long count;
        private final List<String> samples = new ArrayList<>();
    }
}
