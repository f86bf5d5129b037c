package io.streamtrain.trainer.horizon;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One column of a window's values, each null, a double or a string (the value union of {@code CleanRecord}), in
 * arrays instead of one object per value: numbers in a {@code double[]}, strings as codes into the column's
 * dictionary, nulls in a bit set. Arrays a column does not need (no strings, no nulls, no numbers) are not made.
 * Immutable.
 */
final class ValueColumn {

    private static final int NOT_A_STRING = -1;

    private final int size;
    private final double[] numbers;
    private final int[] codes;
    private final String[] dictionary;
    private final long[] nulls;

    private ValueColumn(int size, double[] numbers, int[] codes, String[] dictionary, long[] nulls) {
        this.size = size;
        this.numbers = numbers;
        this.codes = codes;
        this.dictionary = dictionary;
        this.nulls = nulls;
    }

    /**
     * The column of {@code size} values read by {@code value}.
     *
     * @throws IllegalArgumentException for a value that is neither null, a number nor a string
     */
    static ValueColumn of(int size, IntFunction<Object> value) {
        double[] numbers = null;
        int[] codes = null;
        long[] nulls = null;
        Map<String, Integer> dictionary = new HashMap<>();
        for (int i = 0; i < size; i++) {
            switch (value.apply(i)) {
                case null -> {
                    nulls = nulls == null ? new long[(size + 63) >>> 6] : nulls;
                    nulls[i >>> 6] |= 1L << i;
                }
                case Double number -> {
                    numbers = numbers == null ? new double[size] : numbers;
                    numbers[i] = number;
                }
                case CharSequence text -> {
                    if (codes == null) {
                        codes = new int[size];
                        Arrays.fill(codes, NOT_A_STRING);
                    }
                    codes[i] = dictionary.computeIfAbsent(text.toString(), t -> dictionary.size());
                }
                case Object other -> throw new IllegalArgumentException("value " + other + " of type "
                        + other.getClass().getName() + " is neither a number nor a string");
            }
        }
        String[] names = new String[dictionary.size()];
        dictionary.forEach((name, code) -> names[code] = name);
        return new ValueColumn(size, numbers, codes, names, nulls);
    }

    /** The value of row {@code row}: null, a {@link Double} or a {@link String}. */
    Object get(int row) {
        if (nulls != null && (nulls[row >>> 6] & (1L << row)) != 0) {
            return null;
        }
        if (codes != null && codes[row] != NOT_A_STRING) {
            return dictionary[codes[row]];
        }
        return numbers[row];
    }

    /** Bytes of the column's arrays and dictionary (an estimate: array headers and string contents included). */
    long bytes() {
        long bytes = 0;
        bytes += numbers == null ? 0 : 16 + 8L * size;
        bytes += codes == null ? 0 : 16 + 4L * size;
        bytes += nulls == null ? 0 : 16 + 8L * nulls.length;
        for (String name : dictionary) {
            bytes += 56 + name.length();
        }
        return bytes;
    }
}
