package io.streamtrain.ml.gate;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The champion/challenger gate of a pipeline, read from the pipeline's configuration map. */
public final class GateConfig extends AbstractConfig {

    public static final String ENABLED_CONFIG = "gate.enabled";
    private static final String ENABLED_DOC = "Whether a new model must score no worse than the current champion on "
            + "the new window's test split to be promoted. false: every trained model is promoted.";

    public static final String METRIC_CONFIG = "gate.metric";
    private static final String METRIC_DOC = "The test-split metric compared: " + GateMetric.NAMES + ". "
            + "Higher is better except for rmse, mse and mae. A metric a model does not report (auc of a multi-class "
            + "model) lets the challenger through with a note.";

    public static final String TOLERANCE_CONFIG = "gate.tolerance";
    private static final String TOLERANCE_DOC = "How much worse than the champion a challenger may score and still be "
            + "promoted, in the metric's units (0.01 on f1 admits 0.79 against a champion's 0.80).";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH, ENABLED_DOC)
            .define(METRIC_CONFIG, Type.STRING, GateMetric.F1.metricName(),
                    ConfigDef.ValidString.in(GateMetric.NAMES.toArray(String[]::new)), Importance.HIGH, METRIC_DOC)
            .define(TOLERANCE_CONFIG, Type.DOUBLE, 0.01, Range.atLeast(0.0), Importance.MEDIUM, TOLERANCE_DOC);

    /**
     * Validates the {@code gate.*} entries of {@code originals}.
     *
     * @throws ConfigException naming the key of an invalid value
     */
    public GateConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** The definition of every key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** The gate these settings describe. */
    public PromotionGate gate() {
        return new PromotionGate(getBoolean(ENABLED_CONFIG), GateMetric.of(getString(METRIC_CONFIG)),
                getDouble(TOLERANCE_CONFIG));
    }
}
