package io.streamtrain.core.config;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The {@code deploy.*} keys of a pipeline, defined once here and read into {@link DeploySettings}. */
public final class DeployKeys {

    public static final String STRATEGY_CONFIG = "deploy.strategy";
    private static final String STRATEGY_DOC = "How a challenger that passes the gate reaches live traffic. immediate: it is served at once. "
            + "shadow: every request is scored by it too, into the shadow-predictions topic, while the champion answers. canary: it answers "
            + "the share deploy.canary.share of the requests, chosen by a hash of the request id. Under shadow and canary, late labels "
            + "decide its promotion (scorer README, 'Trying a model on live traffic').";
    public static final String CANARY_SHARE_CONFIG = "deploy.canary.share";
    private static final String CANARY_SHARE_DOC = "Share of request ids answered by the challenger under deploy.strategy=canary, in (0, 0.5].";
    public static final String MIN_LABELS_CONFIG = "deploy.min.labels";
    private static final String MIN_LABELS_DOC = "Labelled requests scored by both champion and challenger before a trial is decided. "
            + "More labels detect smaller differences (BENCHMARKS.md, 'Labels needed to decide a trial').";
    public static final String MAX_DURATION_MS_CONFIG = "deploy.max.duration.ms";
    private static final String MAX_DURATION_MS_DOC = "Longest a trial runs. A trial without deploy.min.labels labelled requests by then "
            + "ends TIMED_OUT and the champion stays.";
    public static final String SIGNIFICANCE_CONFIG = "deploy.significance";
    private static final String SIGNIFICANCE_DOC = "Significance level of the one-sided paired test 'the challenger is worse' (McNemar for "
            + "classification, paired t on squared errors for regression): the most often a challenger as good as the champion is dropped.";
    public static final String PROGRESS_INTERVAL_MS_CONFIG = "deploy.progress.interval.ms";
    private static final String PROGRESS_INTERVAL_MS_DOC = "How often, at most, the trainer reports a running trial's evidence (labelled requests, "
            + "both live scores, the test so far) as a TRIAL_PROGRESS event, which the dashboard shows; only when it changed.";

    /** The fewest labels a trial is decided on (two per canary look at a quarter, a half and three quarters, and the final one). */
    public static final long MIN_LABELS_FLOOR = 8;

    private DeployKeys() {
    }

    /** {@code definition} with the {@code deploy.*} keys added. */
    static ConfigDef define(ConfigDef definition) {
        return definition
                .define(STRATEGY_CONFIG, Type.STRING, DeployStrategy.IMMEDIATE.key(),
                        ConfigDef.ValidString.in(DeployStrategy.keys().toArray(String[]::new)), Importance.MEDIUM, STRATEGY_DOC)
                .define(CANARY_SHARE_CONFIG, Type.DOUBLE, 0.1, ConfigDef.LambdaValidator.with((name, value) -> {
                    double share = (Double) value;
                    if (!(share > 0.0 && share <= 0.5)) {
                        throw new ConfigException(name, value, "must be above 0 and at most 0.5");
                    }
                }, () -> "(0, 0.5]"), Importance.MEDIUM, CANARY_SHARE_DOC)
                .define(MIN_LABELS_CONFIG, Type.LONG, 500L, Range.between(MIN_LABELS_FLOOR, 100_000_000L), Importance.MEDIUM, MIN_LABELS_DOC)
                .define(MAX_DURATION_MS_CONFIG, Type.LONG, 86_400_000L, Range.between(1_000L, 90L * 86_400_000L), Importance.MEDIUM, MAX_DURATION_MS_DOC)
                .define(SIGNIFICANCE_CONFIG, Type.DOUBLE, 0.05, ConfigDef.LambdaValidator.with((name, value) -> {
                    double level = (Double) value;
                    if (!(level > 0.0 && level < 0.5)) {
                        throw new ConfigException(name, value, "must be above 0 and below 0.5 (0.05 and 0.01 are usual)");
                    }
                }, () -> "(0, 0.5)"), Importance.LOW, SIGNIFICANCE_DOC)
                .define(PROGRESS_INTERVAL_MS_CONFIG, Type.LONG, 10_000L, Range.between(100L, 3_600_000L), Importance.LOW,
                        PROGRESS_INTERVAL_MS_DOC);
    }

    static DeploySettings settingsOf(PipelineConfig config) {
        return new DeploySettings(DeployStrategy.of(config.getString(STRATEGY_CONFIG)), config.getDouble(CANARY_SHARE_CONFIG),
                config.getLong(MIN_LABELS_CONFIG), Duration.ofMillis(config.getLong(MAX_DURATION_MS_CONFIG)),
                config.getDouble(SIGNIFICANCE_CONFIG), Duration.ofMillis(config.getLong(PROGRESS_INTERVAL_MS_CONFIG)));
    }
}
