package io.streamtrain.core.learning;

import java.util.Objects;

/**
 * How one feature's missing values are handled.
 *
 * @param strategy what replaces a missing value
 * @param constant the replacement of the {@link MissingValueStrategy#CONSTANT} strategy; null for the others
 */
public record MissingValueRule(MissingValueStrategy strategy, String constant) {

    public MissingValueRule {
        Objects.requireNonNull(strategy, "strategy");
        if ((strategy == MissingValueStrategy.CONSTANT) != (constant != null)) {
            throw new IllegalArgumentException("a constant value goes with the constant strategy and only with it; got "
                    + strategy.key() + " with constant " + constant);
        }
        if (constant != null && constant.isBlank()) {
            throw new IllegalArgumentException("the constant of a missing-value rule must not be blank");
        }
    }

    /** A rule without a constant. */
    public static MissingValueRule of(MissingValueStrategy strategy) {
        return new MissingValueRule(strategy, null);
    }

    /** The constant as a number. @throws IllegalStateException when the rule has none or it is not a finite number */
    public double numericConstant() {
        if (!hasNumericConstant()) {
            throw new IllegalStateException("rule " + this + " has no finite numeric constant");
        }
        return Double.parseDouble(constant.strip());
    }

    /** Whether {@link #numericConstant()} succeeds. */
    public boolean hasNumericConstant() {
        if (constant == null) {
            return false;
        }
        try {
            return Double.isFinite(Double.parseDouble(constant.strip()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** As written in configuration: {@code median} or {@code constant:<value>}. */
    @Override
    public String toString() {
        return constant == null ? strategy.key() : strategy.key() + ":" + constant;
    }
}
