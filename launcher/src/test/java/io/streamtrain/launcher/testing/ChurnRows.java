package io.streamtrain.launcher.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled churn records as CSV lines, whose label follows a simple rule on support calls and tenure, so that the few
 * hundred rows of one window train a model that scores sensibly. For tests that train a model from a file.
 */
public final class ChurnRows {

    /** The header row, naming the demo schema's fields. */
    public static final String HEADER = "id,eventTime,tenureMonths,monthlySpend,supportCalls,usageHours,premium,region,label";

    /** Event time of row 0 (2026-01-05T00:00:00Z); row i is {@code 20 * i} ms later. */
    public static final long START = 1_767_571_200_000L;

    private ChurnRows() {
    }

    /** The header, then rows 0 to {@code count - 1}. */
    public static List<String> csv(int count) {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < count; i++) {
            lines.add(row(i));
        }
        return lines;
    }

    /** Row {@code i}: id {@code t-i} at {@link #START} plus {@code 20 * i} ms. */
    public static String row(int i) {
        return row("t-" + i, START + i * 20L, i);
    }

    /** Row {@code i}'s values under another id and event time. */
    public static String row(String id, long eventTime, int i) {
        int calls = i % 10;
        int tenure = 1 + (i * 7) % 60;
        String label = calls * 6 - tenure / 3 > 15 ? "churn" : "stay";
        return String.join(",", id, String.valueOf(eventTime), String.valueOf(tenure), String.valueOf(20 + i % 80), String.valueOf(calls),
                String.valueOf((i * 3) % 40 + 0.5), String.valueOf(i % 2 == 0), i % 3 == 0 ? "north" : "south", label);
    }
}
