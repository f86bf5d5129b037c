package io.streamtrain.launcher.init;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the values of one column of a sample file look like: which types every value fits, blanks, distinct values. */
final class ColumnProfile {

    /** Distinct values kept; more only counts as "many". */
    static final int MAX_DISTINCT = 1000;
    /** Epoch milliseconds between 1973 and 5138: a whole number in this range in a time-named column is a timestamp. */
    private static final long MIN_EPOCH_MILLIS = 100_000_000_000L;
    private static final long MAX_EPOCH_MILLIS = 100_000_000_000_000L;
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,18}");

    private final String name;
    private long values;
    private long blanks;
    private boolean allWhole = true;
    private boolean allNumbers = true;
    private boolean allBooleans = true;
    private boolean allInstants = true;
    private boolean allEpochMillis = true;
    private final Set<String> distinct = new HashSet<>();
    private boolean manyDistinct;

    ColumnProfile(String name) {
        this.name = name;
    }

    /** One cell; null or blank is a missing value. */
    void add(String cell) {
        if (cell == null || cell.isBlank()) {
            blanks++;
            return;
        }
        String value = cell.strip();
        values++;
        boolean whole = WHOLE.matcher(value).matches();
        allWhole &= whole;
        allNumbers &= whole || isDecimal(value);
        allBooleans &= value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
        allInstants &= isInstant(value);
        allEpochMillis &= whole && isEpochMillis(value);
        if (!manyDistinct && distinct.add(value) && distinct.size() > MAX_DISTINCT) {
            manyDistinct = true;
            distinct.clear();
        }
    }

    String name() {
        return name;
    }

    boolean hasBlanks() {
        return blanks > 0;
    }

    boolean isBoolean() {
        return values > 0 && allBooleans;
    }

    boolean isWhole() {
        return values > 0 && allWhole;
    }

    boolean isNumeric() {
        return values > 0 && allNumbers;
    }

    /** Every value is distinct: a candidate id. */
    boolean isUnique() {
        return values > 0 && !hasBlanks() && (manyDistinct || distinct.size() == values);
    }

    /** The number of distinct values, or -1 when there are more than {@link #MAX_DISTINCT}. */
    int distinctValues() {
        return manyDistinct ? -1 : distinct.size();
    }

    /** A few of the distinct values, for a comment. */
    Set<String> someValues() {
        return distinct.stream().sorted().limit(5).collect(Collectors.toCollection(TreeSet::new));
    }

    /** ISO-8601 instants, or epoch milliseconds in a column whose name says it holds times. */
    boolean isTimestamp() {
        return values > 0 && !hasBlanks() && (allInstants || allEpochMillis && soundsLikeTime());
    }

    boolean isIsoInstant() {
        return values > 0 && allInstants;
    }

    private boolean soundsLikeTime() {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("time") || lower.contains("date") || lower.equals("ts") || lower.endsWith("_ts") || lower.endsWith("at");
    }

    private static boolean isDecimal(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value)) && !value.endsWith("d") && !value.endsWith("f")
                    && !value.endsWith("D") && !value.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInstant(String value) {
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isEpochMillis(String value) {
        long millis = Long.parseLong(value);
        return millis >= MIN_EPOCH_MILLIS && millis < MAX_EPOCH_MILLIS;
    }
}
