package io.streamtrain.ml.preprocess;

/**
 * How a raw feature value reads as a number or a category. The fitter and the transformer both read values
 * through here, so what counts as missing is the same when statistics are fitted and when they are applied.
 */
public final class FeatureValues {

    private FeatureValues() {
    }

    /** The value as a finite number, or NaN when it is missing, not finite or not numeric. */
    public static double numberOf(Object value) {
        return switch (value) {
            case Number number when Double.isFinite(number.doubleValue()) -> number.doubleValue();
            case Boolean bool -> bool ? 1.0 : 0.0;
            case null, default -> Double.NaN;
        };
    }

    /** The value as a category name, or null when it is missing or blank. */
    public static String categoryOf(Object value) {
        if (value == null) {
            return null;
        }
        String category = value.toString();
        return category.isBlank() ? null : category;
    }
}
