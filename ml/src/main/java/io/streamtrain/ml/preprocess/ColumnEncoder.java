package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.FittedColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies one fitted column to a raw value, writing {@link #width()} doubles of the model input. */
sealed interface ColumnEncoder {

    int width();

    void encode(Object value, double[] out, int offset);

    /** Impute, then standardise: {@code (x - center) / scale}. */
    record Standardized(double impute, double center, double scale) implements ColumnEncoder {

        public Standardized {
            if (!Double.isFinite(impute) || !Double.isFinite(center) || !Double.isFinite(scale) || scale == 0.0) {
                throw new IllegalArgumentException("needs a finite impute value, centre and non-zero scale; got impute="
                        + impute + ", center=" + center + ", scale=" + scale);
            }
        }

        static Standardized of(FittedColumn column) {
            if (column.getImputeNumber() == null) {
                throw new IllegalArgumentException("numeric column " + column.getFeature() + " has no impute value");
            }
            return new Standardized(column.getImputeNumber(), column.getCenter(), column.getScale());
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public void encode(Object value, double[] out, int offset) {
            double x = FeatureValues.numberOf(value);
            out[offset] = ((Double.isNaN(x) ? impute : x) - center) / scale;
        }
    }

    /** One-hot over a fixed vocabulary; missing and unseen categories leave every slot 0. */
    record OneHot(Map<String, Integer> slots) implements ColumnEncoder {

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
            return new OneHot(slots);
        }

        @Override
        public int width() {
            return slots.size();
        }

        @Override
        public void encode(Object value, double[] out, int offset) {
            String category = FeatureValues.categoryOf(value);
            Integer slot = category == null ? null : slots.get(category);
            if (slot != null) {
                out[offset + slot] = 1.0;
            }
        }
    }
}
