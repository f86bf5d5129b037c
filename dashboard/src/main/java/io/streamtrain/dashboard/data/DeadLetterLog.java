package io.streamtrain.dashboard.data;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the dashboard keeps of a pipeline's dead letters, in bounded memory: the newest {@code kept} in full
 * ({@link DeadLetterView}, with a preview of the value, not the value), and counts by reason per minute over the
 * last {@code span} (by the dead letters' own timestamps). At most {@value #REASONS_KEPT} reasons are counted by
 * name; any further reason counts as {@code other}, so a stream of ever-new reason codes cannot grow the counts.
 * Thread-safe.
 */
public final class DeadLetterLog {

    static final int REASONS_KEPT = 24;
    static final String OTHER = "other";
    private static final long MINUTE = 60_000;

    private final int kept;
    private final long spanMillis;
    private final Deque<DeadLetterView> newest = new ArrayDeque<>();
    private final NavigableMap<Long, Map<String, Long>> perMinute = new TreeMap<>();
    private final Map<String, Long> totals = new TreeMap<>();

    /**
     * @param kept how many dead letters to keep in full
     * @param span how far back the counts per minute reach from the newest dead letter
     */
    public DeadLetterLog(int kept, Duration span) {
        if (kept < 1 || span.toMillis() < MINUTE) {
            throw new IllegalArgumentException("keep at least one dead letter over at least a minute, was " + kept + " over " + span);
        }
        this.kept = kept;
        this.spanMillis = span.toMillis();
    }

    public synchronized void add(DeadLetterView letter) {
        newest.addLast(letter);
        while (newest.size() > kept) {
            newest.removeFirst();
        }
        String reason = totals.containsKey(letter.reason()) || totals.size() < REASONS_KEPT ? letter.reason() : OTHER;
        totals.merge(reason, 1L, Long::sum);
        perMinute.computeIfAbsent(letter.time() / MINUTE * MINUTE, minute -> new TreeMap<>()).merge(reason, 1L, Long::sum);
        long oldest = perMinute.lastKey() - spanMillis;
        perMinute.headMap(oldest, false).clear();
    }

    /** Counts by reason per minute, oldest first, then the totals and the newest dead letters, newest first. */
    public synchronized Summary summary() {
        List<MinuteCounts> minutes = new ArrayList<>(perMinute.size());
        perMinute.forEach((minute, counts) -> minutes.add(new MinuteCounts(minute, new LinkedHashMap<>(counts))));
        return new Summary(minutes, Map.copyOf(totals), newest.reversed().stream().toList(), kept);
    }

    /**
     * @param at     epoch milliseconds of the minute's start
     * @param counts dead letters by reason in that minute
     */
    public record MinuteCounts(long at, Map<String, Long> counts) {
        public MinuteCounts {
            counts = Map.copyOf(counts);
        }
    }

    /**
     * @param perMinute counts by reason per minute over the span, oldest first
     * @param totals    counts by reason since the dashboard started reading (from one span back)
     * @param newest    the newest dead letters, newest first
     * @param kept      how many dead letters are kept in full
     */
    public record Summary(List<MinuteCounts> perMinute, Map<String, Long> totals, List<DeadLetterView> newest, int kept) {
        public Summary {
            perMinute = List.copyOf(perMinute);
            totals = Map.copyOf(totals);
            newest = List.copyOf(newest);
        }
    }
}
