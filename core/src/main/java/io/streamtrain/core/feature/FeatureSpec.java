package io.streamtrain.core.feature;

import io.streamtrain.core.config.InputFieldConfigs;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which input fields a pipeline reads, and how: the id, the optional event-time field, the label and
 * the ordered features. The order of {@link #features()} is the column order of every
 * {@code CleanRecord} and of the model's input.
 *
 * @param idField        field holding the record id
 * @param timestampField field holding event time, or empty to use the Kafka record timestamp
 * @param labelField     field holding the label
 * @param features       the features in column order; at least one
 */
public record FeatureSpec(String idField, String timestampField, String labelField, List<FeatureField> features) {

    public FeatureSpec {
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(timestampField, "timestampField");
        Objects.requireNonNull(labelField, "labelField");
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one feature");
        }
    }

    /** The spec with the features {@code featureNames}, or every usable field when that is empty; nothing excluded. */
    public static FeatureSpec fromSchema(Schema schema, String idField, String timestampField,
                                         String labelField, List<String> featureNames) {
        return fromSchema(schema, idField, timestampField, labelField, featureNames, List.of());
    }

    /**
     * Derives the spec from the input schema. With no explicit {@code featureNames}, every field except
     * the id, timestamp and label fields and the {@code excluded} ones is a feature. Problems are reported
     * as {@link ConfigException}s naming the key to fix, the value and what is allowed.
     */
    public static FeatureSpec fromSchema(Schema schema, String idField, String timestampField,
                                         String labelField, List<String> featureNames, List<String> excluded) {
        requireId(requireField(schema, InputFieldConfigs.INPUT_ID_FIELD_CONFIG, idField));
        requireLabel(requireField(schema, InputFieldConfigs.LABEL_FIELD_CONFIG, labelField));
        requireDifferent(InputFieldConfigs.LABEL_FIELD_CONFIG, labelField, InputFieldConfigs.INPUT_ID_FIELD_CONFIG, idField);
        if (!timestampField.isBlank()) {
            requireEpochMillis(requireField(schema, InputFieldConfigs.INPUT_TIMESTAMP_FIELD_CONFIG, timestampField));
            requireDifferent(InputFieldConfigs.INPUT_TIMESTAMP_FIELD_CONFIG, timestampField, InputFieldConfigs.INPUT_ID_FIELD_CONFIG, idField);
            requireDifferent(InputFieldConfigs.INPUT_TIMESTAMP_FIELD_CONFIG, timestampField, InputFieldConfigs.LABEL_FIELD_CONFIG, labelField);
        }
        Set<String> reserved = Set.of(idField, timestampField, labelField);
        Set<String> skipped = excludedFields(schema, featureNames, excluded);
        List<FeatureField> features = new ArrayList<>();
        if (featureNames.isEmpty()) {
            for (Schema.Field field : schema.getFields()) {
                if (!reserved.contains(field.name()) && !skipped.contains(field.name())) {
                    features.add(new FeatureField(field.name(), typeOf(field)));
                }
            }
        } else {
            Set<String> listed = new HashSet<>();
            for (String name : featureNames) {
                Schema.Field field = requireField(schema, InputFieldConfigs.FEATURE_FIELDS_CONFIG, name);
                if (reserved.contains(name)) {
                    throw new ConfigException(InputFieldConfigs.FEATURE_FIELDS_CONFIG, featureNames,
                            "field " + name + " is the id, timestamp or label field and cannot be a feature");
                }
                if (!listed.add(name)) {
                    throw new ConfigException(InputFieldConfigs.FEATURE_FIELDS_CONFIG, featureNames, "field " + name + " is listed twice");
                }
                features.add(new FeatureField(name, typeOf(field)));
            }
        }
        if (features.isEmpty()) {
            throw new ConfigException(InputFieldConfigs.FEATURE_FIELDS_CONFIG, featureNames,
                    "schema " + schema.getFullName() + " has no field left to use as a feature");
        }
        return new FeatureSpec(idField, timestampField, labelField, features);
    }

    /** Feature names in column order. */
    public List<String> featureNames() {
        return features.stream().map(FeatureField::name).toList();
    }

    /** The features as the model envelope records them. */
    public List<FeatureDefinition> definitions() {
        return features.stream().map(f -> new FeatureDefinition(f.name(), f.type())).toList();
    }

    private static Set<String> excludedFields(Schema schema, List<String> featureNames, List<String> excluded) {
        if (!excluded.isEmpty() && !featureNames.isEmpty()) {
            throw new ConfigException(InputFieldConfigs.FEATURE_FIELDS_EXCLUDE_CONFIG, excluded, "only applies when "
                    + InputFieldConfigs.FEATURE_FIELDS_CONFIG + " is empty; set one of the two keys, not both");
        }
        Set<String> skipped = new HashSet<>();
        for (String name : excluded) {
            requireField(schema, InputFieldConfigs.FEATURE_FIELDS_EXCLUDE_CONFIG, name);
            skipped.add(name);
        }
        return skipped;
    }

    /** The id becomes a string key: a text or integer field, optional or not (a record without one is dead-lettered). */
    private static void requireId(Schema.Field field) {
        Schema type = nonNull(field.schema());
        if (!Set.of(Schema.Type.STRING, Schema.Type.INT, Schema.Type.LONG).contains(type.getType())) {
            throw new ConfigException(InputFieldConfigs.INPUT_ID_FIELD_CONFIG, field.name(), "field " + field.name() + " has type "
                    + typeName(field.schema()) + "; the id field must be a string, int or long (optionally nullable)");
        }
    }

    /** A label is a class name (string, enum, boolean, integer) or a regression target (number); a union of those is read as it comes. */
    private static void requireLabel(Schema.Field field) {
        Set<Schema.Type> allowed = Set.of(Schema.Type.STRING, Schema.Type.ENUM, Schema.Type.BOOLEAN, Schema.Type.INT, Schema.Type.LONG,
                Schema.Type.FLOAT, Schema.Type.DOUBLE, Schema.Type.NULL);
        List<Schema> branches = field.schema().getType() == Schema.Type.UNION ? field.schema().getTypes() : List.of(field.schema());
        if (!branches.stream().allMatch(branch -> allowed.contains(branch.getType()))) {
            throw new ConfigException(InputFieldConfigs.LABEL_FIELD_CONFIG, field.name(), "field " + field.name() + " has type "
                    + typeName(field.schema()) + "; the label field must be a string, enum, boolean or number (optionally nullable)");
        }
    }

    private static String typeName(Schema schema) {
        Schema type = nonNull(schema);
        return type.getType() == Schema.Type.UNION ? type.toString() : type.getType().getName();
    }

    private static Schema.Field requireField(Schema schema, String key, String name) {
        Schema.Field field = schema.getField(name);
        if (field == null) {
            List<String> known = schema.getFields().stream().map(Schema.Field::name).toList();
            throw new ConfigException(key, name, "no such field in schema " + schema.getFullName() + "; fields are " + known);
        }
        return field;
    }

    private static void requireDifferent(String key, String field, String otherKey, String otherField) {
        if (field.equals(otherField)) {
            throw new ConfigException(key, field, "must name a different field than " + otherKey);
        }
    }

    /** The extractor reads event time as epoch milliseconds; any other field would silently fall back to Kafka time. */
    private static void requireEpochMillis(Schema.Field field) {
        Schema type = nonNull(field.schema());
        LogicalType logicalType = type.getLogicalType();
        if (type.getType() != Schema.Type.LONG || logicalType != null && !(logicalType instanceof LogicalTypes.TimestampMillis)) {
            String shown = logicalType != null ? logicalType.getName() : type.getType().getName();
            throw new ConfigException(InputFieldConfigs.INPUT_TIMESTAMP_FIELD_CONFIG, field.name(), "field " + field.name() + " has type " + shown
                    + "; event time must be a long of epoch milliseconds (timestamp-millis), or leave the key empty to use the Kafka record timestamp");
        }
    }

    private static FeatureType typeOf(Schema.Field field) {
        Schema type = nonNull(field.schema());
        return switch (type.getType()) {
            case INT, LONG, FLOAT, DOUBLE -> FeatureType.NUMERIC;
            case BOOLEAN -> FeatureType.BOOLEAN;
            case STRING, ENUM -> FeatureType.CATEGORICAL;
            default -> throw new ConfigException(InputFieldConfigs.FEATURE_FIELDS_CONFIG, field.name(),
                    "field " + field.name() + " has type " + typeName(field.schema())
                            + "; features must be numeric (int, long, float, double), boolean, string or enum, optionally nullable; "
                            + "exclude the field with " + InputFieldConfigs.FEATURE_FIELDS_EXCLUDE_CONFIG + " or list the features in "
                            + InputFieldConfigs.FEATURE_FIELDS_CONFIG);
        };
    }

    /** The non-null branch of an optional ({@code ["null", T]}) schema, or the schema itself. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return branches.size() == 1 ? branches.getFirst() : schema;
    }
}
