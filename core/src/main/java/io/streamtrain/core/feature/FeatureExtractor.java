package io.streamtrain.core.feature;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.messages.CleanRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a decoded input record into a {@link CleanRecord}. The streams-app uses it on training input
 * and the scorer on score requests, so a record yields the same features in both.
 *
 * <p>Cleaning rules: NaN and infinite numbers are missing values; a blank categorical value is
 * missing; booleans become 1.0/0.0; a missing event-time field falls back to the Kafka record
 * timestamp. Missing values are kept as null for the fitted imputation. A record is refused when its id
 * is missing, its label is missing or unusable (when a label is required), or every feature is missing.
 */
public final class FeatureExtractor {

    /**
     * Whether a label must be present: {@code REQUIRED} refuses a record without one; {@code OPTIONAL} keeps a usable
     * label and lets a record without one through unlabelled (transient mode: it is scored rather than learnt from),
     * but still refuses an unusable label; {@code IGNORED} never reads it.
     */
    public enum LabelPolicy { REQUIRED, OPTIONAL, IGNORED }

    private final FeatureSpec spec;
    /** Where the spec's fields sit in the schema last seen; records of one schema are the rule, so this is worked out once. */
    private volatile FieldPositions positions;

    public FeatureExtractor(FeatureSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    public FeatureSpec spec() {
        return spec;
    }

    /**
     * Reads {@code record}.
     *
     * @param kafkaTimestamp used as event time when the spec has no timestamp field or the field is null
     * @param partition      source partition, kept for lineage
     * @param offset         source offset, kept for lineage
     */
    public Extraction extract(GenericRecord record, long kafkaTimestamp, int partition, long offset, LabelPolicy labelPolicy) {
        FieldPositions at = positionsIn(record.getSchema());
        Object id = at.value(record, at.id);
        if (id == null || id.toString().isBlank()) {
            return new Extraction.Rejected(DeadLetterReason.MISSING_ID, "field " + spec.idField() + " is missing or blank");
        }
        Object label = null;
        Object raw = labelPolicy == LabelPolicy.IGNORED ? null : at.value(record, at.label);
        boolean missing = raw == null || raw.toString().isBlank();
        if (missing && labelPolicy == LabelPolicy.REQUIRED) {
            return new Extraction.Rejected(DeadLetterReason.MISSING_LABEL, "field " + spec.labelField() + " is missing");
        }
        if (!missing) {
            label = labelOf(raw);
            if (label == null) {
                return new Extraction.Rejected(DeadLetterReason.INVALID_LABEL, "label " + raw + " is not a finite number");
            }
        }
        List<Object> features = new ArrayList<>(spec.features().size());
        boolean anyPresent = false;
        List<FeatureField> fields = spec.features();
        for (int i = 0; i < fields.size(); i++) {
            Object cleaned = clean(fields.get(i), at.value(record, at.features[i]));
            anyPresent |= cleaned != null;
            features.add(cleaned);
        }
        if (!anyPresent) {
            return new Extraction.Rejected(DeadLetterReason.NO_FEATURES, "every feature of " + spec.featureNames() + " is missing");
        }
        return new Extraction.Accepted(new CleanRecord(id.toString(), Instant.ofEpochMilli(eventTime(record, at, kafkaTimestamp)),
                features, label, partition, offset, null));
    }

    private long eventTime(GenericRecord record, FieldPositions at, long kafkaTimestamp) {
        if (spec.timestampField().isBlank()) {
            return kafkaTimestamp;
        }
        Object value = at.value(record, at.timestamp);
        return switch (value) {
            case Number number -> number.longValue();
            case Instant instant -> instant.toEpochMilli();
            case null, default -> kafkaTimestamp;
        };
    }

    private static Object clean(FeatureField field, Object value) {
        if (value == null) {
            return null;
        }
        return switch (field.type()) {
            case NUMERIC -> numberOf(value);
            case BOOLEAN -> value instanceof Boolean b ? (b ? 1.0 : 0.0) : null;
            case CATEGORICAL -> value.toString().isBlank() ? null : value.toString();
        };
    }

    /** A finite number as a Double, else null; a Double is kept as it is, not boxed again per feature and record. */
    private static Double numberOf(Object value) {
        if (value instanceof Double number) {
            return Double.isFinite(number) ? number : null;
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        return null;
    }

    /** Numeric labels stay numbers (regression targets); everything else is a class name. */
    private static Object labelOf(Object raw) {
        if (raw instanceof Number number) {
            double value = number.doubleValue();
            return Double.isFinite(value) ? value : null;
        }
        return raw.toString();
    }

    private FieldPositions positionsIn(Schema schema) {
        FieldPositions known = positions;
        if (known == null || known.schema != schema) {
            known = new FieldPositions(schema, spec);
            positions = known;
        }
        return known;
    }

    /** The positions of the spec's fields in one schema; -1 for a field the schema lacks. Immutable. */
    private static final class FieldPositions {

        private final Schema schema;
        private final int id;
        private final int label;
        private final int timestamp;
        private final int[] features;

        private FieldPositions(Schema schema, FeatureSpec spec) {
            this.schema = schema;
            this.id = position(schema, spec.idField());
            this.label = position(schema, spec.labelField());
            this.timestamp = position(schema, spec.timestampField());
            this.features = spec.features().stream().mapToInt(field -> position(schema, field.name())).toArray();
        }

        private static int position(Schema schema, String name) {
            Schema.Field field = schema.getField(name);
            return field == null ? -1 : field.pos();
        }

        private Object value(GenericRecord record, int position) {
            return position < 0 ? null : record.get(position);
        }
    }
}
