package io.streamtrain.launcher.backfill;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a point in time given on the command line: an ISO-8601 instant ({@code 2026-11-24T05:00:00Z}) or epoch milliseconds. */
public final class TimeArgument implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        return parse(value);
    }

    /**
     * @throws TypeConversionException naming the value and both accepted forms
     */
    public static Instant parse(String value) {
        String trimmed = value == null ? "" : value.strip();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is too large for epoch milliseconds");
            }
        }
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither an ISO-8601 instant (for example 2026-11-24T05:00:00Z) "
                    + "nor epoch milliseconds (for example 1795496400000)");
        }
    }
}
