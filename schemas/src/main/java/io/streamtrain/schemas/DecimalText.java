package io.streamtrain.schemas;

/**
 * Converts the text of a JSON number to a double without a general-purpose parser, for the numbers score requests
 * usually hold: at most 15 significant digits and a decimal exponent within ±22. Then the digits are exactly a long
 * and the power of ten exactly a double, so one multiplication or division, which IEEE 754 rounds correctly, gives
 * the double nearest the decimal: what {@link Double#parseDouble} gives (Clinger's fast path). Any other text is left
 * to the caller's parser ({@link #NOT_FAST}); that covers more digits, larger exponents and anything unexpected.
 */
final class DecimalText {

    /** Returned for text the fast path does not convert; no JSON number converts to it here. */
    static final double NOT_FAST = Double.NaN;

    private static final int MAX_DIGITS = 15;
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int MAX_EXPONENT = POWERS_OF_TEN.length - 1;

    private DecimalText() {
    }

    /** The double nearest the JSON number in {@code text[offset, offset + length)}, or {@link #NOT_FAST}. */
    static double parse(char[] text, int offset, int length) {
        int at = offset;
        int end = offset + length;
        boolean negative = at < end && text[at] == '-';
        if (negative) {
            at++;
        }
        long digits = 0;
        int significant = 0;
        int exponent = 0;
        boolean anyDigit = false;
        boolean fraction = false;
        for (; at < end; at++) {
            char c = text[at];
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (significant > 0 || c != '0') {
                    if (++significant > MAX_DIGITS) {
                        return NOT_FAST;
                    }
                    digits = digits * 10 + (c - '0');
                }
                if (fraction) {
                    exponent--;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return NOT_FAST;
        }
        if (at < end) {
            if (text[at] != 'e' && text[at] != 'E') {
                return NOT_FAST;
            }
            int written = writtenExponent(text, at + 1, end);
            if (written == Integer.MIN_VALUE) {
                return NOT_FAST;
            }
            exponent += written;
        }
        double value;
        if (digits == 0) {
            value = 0.0;
        } else if (exponent < 0 && exponent >= -MAX_EXPONENT) {
            value = digits / POWERS_OF_TEN[-exponent];
        } else if (exponent >= 0 && exponent <= MAX_EXPONENT) {
            value = digits * POWERS_OF_TEN[exponent];
        } else {
            return NOT_FAST;
        }
        return negative ? -value : value;
    }

    /** The exponent written in {@code text[at, end)}, or {@link Integer#MIN_VALUE} if it is not a small one. */
    private static int writtenExponent(char[] text, int at, int end) {
        boolean negative = at < end && text[at] == '-';
        if (at < end && (text[at] == '-' || text[at] == '+')) {
            at++;
        }
        if (at >= end || end - at > 3) {
            return Integer.MIN_VALUE;
        }
        int value = 0;
        for (; at < end; at++) {
            char c = text[at];
            if (c < '0' || c > '9') {
                return Integer.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
