package io.streamtrain.launcher.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration given on the command line: a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}), as Kafka's and most command-line tools write it, or ISO-8601 ({@code PT30S}).
 * Registered for every {@link Duration} option of every command.
 */
public final class DurationArgument implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws TypeConversionException naming the value and the accepted forms
     */
    public static Duration parse(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        Matcher shortForm = SHORT.matcher(text);
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return switch (shortForm.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            Duration duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            if (duration.isNegative()) {
                throw new TypeConversionException("'" + value + "' is negative; a duration must be 0 or more");
            }
            return duration;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: write it as 500ms, 30s, 5m, 2h, 1d "
                    + "or ISO-8601 (PT30S)");
        }
    }
}
