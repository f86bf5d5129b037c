package io.streamtrain.core.config;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.messages.FeatureType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads the {@code preprocess.*} keys into a {@link PreprocessingSpec}, checking them against the features: an
 * override must name a feature, and a constant for a numeric or boolean feature must be a number.
 */
final class PreprocessingKeys {

    private PreprocessingKeys() {
    }

    static PreprocessingSpec preprocessingOf(PipelineConfig config, FeatureSpec features) {
        MissingValueRule defaultRule = defaultRule(config);
        Map<String, MissingValueRule> overrides = new LinkedHashMap<>();
        List<String> entries = config.getList(PipelineConfig.PREPROCESS_MISSING_OVERRIDES_CONFIG);
        for (String entry : entries) {
            String feature = entry.substring(0, entry.indexOf('=')).strip();
            if (!features.featureNames().contains(feature)) {
                throw new ConfigException(PipelineConfig.PREPROCESS_MISSING_OVERRIDES_CONFIG, entries,
                        "names feature " + feature + ", which is not a feature; the features are " + features.featureNames());
            }
            if (overrides.put(feature, ruleOf(entry)) != null) {
                throw new ConfigException(PipelineConfig.PREPROCESS_MISSING_OVERRIDES_CONFIG, entries, "lists feature " + feature + " twice");
            }
        }
        for (FeatureField field : features.features()) {
            MissingValueRule rule = overrides.getOrDefault(field.name(), defaultRule);
            if (rule.strategy() == MissingValueStrategy.CONSTANT && field.type() != FeatureType.CATEGORICAL && !rule.hasNumericConstant()) {
                String key = overrides.containsKey(field.name())
                        ? PipelineConfig.PREPROCESS_MISSING_OVERRIDES_CONFIG : PipelineConfig.PREPROCESS_MISSING_CONSTANT_CONFIG;
                throw new ConfigException(key, rule.constant(), "feature " + field.name() + " is " + field.type().name().toLowerCase()
                        + " and needs a finite number as its missing-value constant");
            }
        }
        return new PreprocessingSpec(defaultRule, overrides, config.getInt(PipelineConfig.PREPROCESS_MAX_CATEGORIES_CONFIG),
                Scaling.of(config.getString(PipelineConfig.PREPROCESS_SCALING_CONFIG)),
                config.getDouble(PipelineConfig.PREPROCESS_CLIP_QUANTILE_CONFIG));
    }

    private static MissingValueRule defaultRule(PipelineConfig config) {
        MissingValueStrategy strategy = MissingValueStrategy.of(config.getString(PipelineConfig.PREPROCESS_MISSING_STRATEGY_CONFIG));
        String constant = config.getString(PipelineConfig.PREPROCESS_MISSING_CONSTANT_CONFIG);
        if (strategy != MissingValueStrategy.CONSTANT) {
            return MissingValueRule.of(strategy);
        }
        if (constant.isBlank()) {
            throw new ConfigException(PipelineConfig.PREPROCESS_MISSING_CONSTANT_CONFIG, constant, "must be set when "
                    + PipelineConfig.PREPROCESS_MISSING_STRATEGY_CONFIG + " is constant: a number, or a category when every feature is categorical");
        }
        return new MissingValueRule(strategy, constant.strip());
    }

    /** {@code feature=strategy} or {@code feature=constant:value}, syntax already checked by {@link Syntax}. */
    private static MissingValueRule ruleOf(String entry) {
        String rule = entry.substring(entry.indexOf('=') + 1).strip();
        int colon = rule.indexOf(':');
        if (colon < 0) {
            return MissingValueRule.of(MissingValueStrategy.of(rule));
        }
        return new MissingValueRule(MissingValueStrategy.of(rule.substring(0, colon).strip()), rule.substring(colon + 1).strip());
    }

    /** Checks each entry's form: {@code feature=strategy}, or {@code feature=constant:value}. */
    static final class Syntax implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> entries)) {
                throw new ConfigException(name, value, "must be a list of feature=strategy entries");
            }
            for (Object item : entries) {
                String entry = String.valueOf(item);
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw new ConfigException(name, value, "entry '" + entry + "' must be feature=strategy or feature=constant:value");
                }
                try {
                    ruleOf(entry);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "entry '" + entry + "': " + e.getMessage()
                            + " (a constant is written constant:value, other strategies take no value)");
                }
            }
        }

        @Override
        public String toString() {
            return "feature=strategy or feature=constant:value entries; strategies " + MissingValueStrategy.keys();
        }
    }
}
