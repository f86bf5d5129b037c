package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.FittedColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies one fitted column to a raw value, writing {@link #width()} doubles of the model input. */
sealed interface ColumnEncoder {

    int width();

    void encode(Object value, double[] out, int offset);

    /** Impute, clip to {@code [low, high]}, then scale: {@code (x - center) / scale}. */
    record Numeric(double impute, double low, double high, double center, double scale) implements ColumnEncoder {

        public Numeric {
            if (!Double.isFinite(impute) || !Double.isFinite(center) || !Double.isFinite(scale) || scale == 0.0) {
                throw new IllegalArgumentException("needs a finite impute value, centre and non-zero scale; got impute="
                        + impute + ", center=" + center + ", scale=" + scale);
            }
            if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
                throw new IllegalArgumentException("needs clipping bounds low <= high; got [" + low + ", " + high + "]");
            }
        }

        static Numeric of(FittedColumn column) {
            if (column.getImputeNumber() == null) {
                throw new IllegalArgumentException("numeric column " + column.getFeature() + " has no impute value");
            }
            double low = column.getClipLow() == null ? Double.NEGATIVE_INFINITY : column.getClipLow();
            double high = column.getClipHigh() == null ? Double.POSITIVE_INFINITY : column.getClipHigh();
            return new Numeric(column.getImputeNumber(), low, high, column.getCenter(), column.getScale());
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public void encode(Object value, double[] out, int offset) {
            double x = FeatureValues.numberOf(value);
            double imputed = Double.isNaN(x) ? impute : x;
            out[offset] = (Math.min(high, Math.max(low, imputed)) - center) / scale;
        }
    }

    /**
     * One-hot over a fixed vocabulary. A missing value is replaced by {@code impute} first (when there is one);
     * a category outside the vocabulary sets the "other" slot when the column has one, else leaves every slot 0.
     */
    record OneHot(Map<String, Integer> slots, boolean otherSlot, String impute) implements ColumnEncoder {

        public OneHot {
            slots = Map.copyOf(slots);
        }

        static OneHot of(FittedColumn column) {
            List<String> categories = column.getCategories();
            Map<String, Integer> slots = new HashMap<>(categories.size() * 2);
            for (String category : categories) {
                if (slots.putIfAbsent(category, slots.size()) != null) {
                    throw new IllegalArgumentException("categorical column " + column.getFeature() + " lists category " + category + " twice");
                }
            }
            return new OneHot(slots, column.getOtherSlot(), column.getImputeCategory());
        }

        @Override
        public int width() {
            return slots.size() + (otherSlot ? 1 : 0);
        }

        @Override
        public void encode(Object value, double[] out, int offset) {
            String category = FeatureValues.categoryOf(value);
            if (category == null) {
                category = impute;
            }
            if (category == null) {
                return;
            }
            Integer slot = slots.get(category);
            if (slot != null) {
                out[offset + slot] = 1.0;
            } else if (otherSlot) {
                out[offset + slots.size()] = 1.0;
            }
        }
    }
}
