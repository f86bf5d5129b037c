package io.streamtrain.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

    @Test
    void shouldGiveTheDoubleParseDoubleGivesForShortDecimals() {
        for (String text : List.of("0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.3", "2.5", "-123.4567890123", "1e0", "1E5",
                "1.5e-3", "-2.25E+2", "123456789012345", "0.000123456789012345", "9007199254740991", "1e22", "1e-22",
                "4.35", "0.1000000000", "10.0000000000", "-0.0000000001", "8.9e15", "0e400")) {
            assertSameAsParseDouble(text);
        }
    }

    @Test
    void shouldGiveTheDoubleParseDoubleGivesForRandomNumbersInEveryUsualSpelling() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double value = random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15);
            for (String text : List.of(String.format(Locale.ROOT, "%.10f", value), Double.toString(value),
                    String.format(Locale.ROOT, "%.6e", value), String.format(Locale.ROOT, "%.3f", value),
                    Long.toString((long) value))) {
                assertSameAsParseDouble(text);
            }
        }
    }

    @Test
    void shouldLeaveLongMantissasAndLargeExponentsToTheGeneralParser() {
        for (String text : List.of("1234567890123456", "0.12345678901234567", "1e23", "1e-23", "1e400", "-1e-400",
                "0.00000000000000000000001", "1e1000", "", "-", ".", "e5", "1x")) {
            assertThat(DecimalText.parse(text.toCharArray(), 0, text.length())).as(text).isNaN();
        }
    }

    @Test
    void shouldReadOnlyItsSliceOfTheBuffer() {
        char[] buffer = "xx-12.5e1yy".toCharArray();

        assertThat(DecimalText.parse(buffer, 2, 7)).isEqualTo(-125.0);
    }

    private static void assertSameAsParseDouble(String text) {
        double fast = DecimalText.parse(text.toCharArray(), 0, text.length());
        if (!Double.isNaN(fast)) {
            assertThat(Double.doubleToRawLongBits(fast)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }
}
