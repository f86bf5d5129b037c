package io.streamtrain.ml.gate;

import java.util.Arrays;
import java.util.List;

/** A metric the gate can compare, with the direction in which it improves. */
public enum GateMetric {
    ACCURACY("accuracy", true),
    PRECISION("precision", true),
    RECALL("recall", true),
    F1("f1", true),
    AUC("auc", true),
    R2("r2", true),
    RMSE("rmse", false),
    MSE("mse", false),
    MAE("mae", false);

    /** Every metric name, as written in the envelope's metrics map and in {@code gate.metric}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(GateMetric::metricName).toList();

    private final String metricName;
    private final boolean higherIsBetter;

    GateMetric(String metricName, boolean higherIsBetter) {
        this.metricName = metricName;
        this.higherIsBetter = higherIsBetter;
    }

    /** The metric named {@code name}, as in {@link #NAMES}. */
    public static GateMetric of(String name) {
        return Arrays.stream(values()).filter(m -> m.metricName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown gate metric " + name + "; use one of " + NAMES));
    }

    public String metricName() {
        return metricName;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
