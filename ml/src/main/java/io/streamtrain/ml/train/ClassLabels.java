package io.streamtrain.ml.train;

/**
 * The rule that turns a raw label into a class name: a whole-number label such as {@code 1.0} is the class
 * {@code "1"}, any other label its text. Training names classes this way, and the scorer compares late labels
 * with predictions this way.
 */
public final class ClassLabels {

    private ClassLabels() {
    }

    /** The class name of a raw label, or null for a missing label. */
    public static String nameOf(Object label) {
        return switch (label) {
            case null -> null;
            case Number number when isWhole(number.doubleValue()) -> Long.toString(number.longValue());
            default -> label.toString();
        };
    }

    private static boolean isWhole(double value) {
        return Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 0x1p53;
    }
}
