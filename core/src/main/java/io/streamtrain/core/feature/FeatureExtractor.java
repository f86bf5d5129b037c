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

    /** Whether a label must be present. */
    public enum LabelPolicy { REQUIRED, IGNORED }

    private final FeatureSpec spec;

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
        Object id = value(record, spec.idField());
        if (id == null || id.toString().isBlank()) {
            return new Extraction.Rejected(DeadLetterReason.MISSING_ID, "field " + spec.idField() + " is missing or blank");
        }
        Object label = null;
        if (labelPolicy == LabelPolicy.REQUIRED) {
            Object raw = value(record, spec.labelField());
            if (raw == null || raw.toString().isBlank()) {
                return new Extraction.Rejected(DeadLetterReason.MISSING_LABEL, "field " + spec.labelField() + " is missing");
            }
            label = labelOf(raw);
            if (label == null) {
                return new Extraction.Rejected(DeadLetterReason.INVALID_LABEL, "label " + raw + " is not a finite number");
            }
        }
        List<Object> features = new ArrayList<>(spec.features().size());
        boolean anyPresent = false;
        for (FeatureField field : spec.features()) {
            Object cleaned = clean(field, value(record, field.name()));
            anyPresent |= cleaned != null;
            features.add(cleaned);
        }
        if (!anyPresent) {
            return new Extraction.Rejected(DeadLetterReason.NO_FEATURES, "every feature of " + spec.featureNames() + " is missing");
        }
        return new Extraction.Accepted(new CleanRecord(id.toString(), Instant.ofEpochMilli(eventTime(record, kafkaTimestamp)),
                features, label, partition, offset));
    }

    private long eventTime(GenericRecord record, long kafkaTimestamp) {
        if (spec.timestampField().isBlank()) {
            return kafkaTimestamp;
        }
        Object value = value(record, spec.timestampField());
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
            case NUMERIC -> value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            case BOOLEAN -> value instanceof Boolean b ? (b ? 1.0 : 0.0) : null;
            case CATEGORICAL -> value.toString().isBlank() ? null : value.toString();
        };
    }

    /** Numeric labels stay numbers (regression targets); everything else is a class name. */
    private static Object labelOf(Object raw) {
        if (raw instanceof Number number) {
            double value = number.doubleValue();
            return Double.isFinite(value) ? value : null;
        }
        return raw.toString();
    }

    private static Object value(GenericRecord record, String field) {
        Schema.Field known = record.getSchema().getField(field);
        return known == null ? null : record.get(known.pos());
    }
}
