package io.streamtrain.core.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.FeatureExtractor.LabelPolicy;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.InputSchemas;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final long KAFKA_TIMESTAMP = 1_700_000_000_000L;
    private static final long EVENT_TIME = 1_714_564_800_000L;
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Visit", "fields": [
              {"name": "id", "type": ["null", "string"], "default": null},
              {"name": "at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
              {"name": "amount", "type": ["null", "double"], "default": null},
              {"name": "pages", "type": ["null", "int"], "default": null},
              {"name": "ratio", "type": ["null", "float"], "default": null},
              {"name": "member", "type": ["null", "boolean"], "default": null},
              {"name": "city", "type": ["null", "string"], "default": null},
              {"name": "tier", "type": ["null", {"type": "enum", "name": "Tier", "symbols": ["BASIC", "GOLD"]}], "default": null},
              {"name": "outcome", "type": ["null", "string"], "default": null},
              {"name": "spend", "type": ["null", "int", "double"], "default": null}
            ]}""");
    private static final List<String> FEATURES = List.of("amount", "pages", "ratio", "member", "city", "tier");

    private final FeatureExtractor classification = extractor("at", "outcome");

    @Test
    void shouldCleanEveryFeatureWhenAllValuesArePresent() {
        GenericRecord visit = visit("v-1");
        visit.put("at", EVENT_TIME);
        visit.put("amount", 12.5);
        visit.put("pages", 3);
        visit.put("ratio", 0.25f);
        visit.put("member", true);
        visit.put("city", new Utf8("Lyon"));
        visit.put("tier", new GenericData.EnumSymbol(SCHEMA.getField("tier").schema().getTypes().get(1), "GOLD"));
        visit.put("outcome", new Utf8("bought"));

        CleanRecord record = accepted(classification.extract(visit, KAFKA_TIMESTAMP, 2, 41L, LabelPolicy.REQUIRED));

        assertThat(record.getRecordId()).isEqualTo("v-1");
        assertThat(record.getEventTime()).isEqualTo(Instant.ofEpochMilli(EVENT_TIME));
        assertThat(record.getFeatures()).containsExactly(12.5, 3.0, 0.25, 1.0, "Lyon", "GOLD");
        assertThat(record.getLabel()).isEqualTo("bought");
        assertThat(record.getSourcePartition()).isEqualTo(2);
        assertThat(record.getSourceOffset()).isEqualTo(41L);
    }

    @Test
    void shouldProduceEncodableRecordWhenAccepted() {
        GenericRecord visit = labelled("v-1");
        visit.put("pages", 3);
        visit.put("city", new Utf8("Lyon"));
        visit.put("tier", new GenericData.EnumSymbol(SCHEMA.getField("tier").schema().getTypes().get(1), "BASIC"));
        AvroMessageCodec<CleanRecord> codec = AvroMessageCodec.of(CleanRecord.class);
        CleanRecord record = accepted(extract(classification, visit, LabelPolicy.REQUIRED));

        assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
    }

    @Test
    void shouldTreatNonFiniteNumbersAsMissingWhenNumeric() {
        GenericRecord visit = labelled("v-2");
        visit.put("amount", Double.NaN);
        visit.put("ratio", Float.POSITIVE_INFINITY);
        visit.put("pages", 4);

        CleanRecord record = accepted(extract(classification, visit, LabelPolicy.REQUIRED));

        assertThat(record.getFeatures()).containsExactly(null, 4.0, null, null, null, null);
    }

    @Test
    void shouldTreatNegativeInfinityAsMissingWhenNumeric() {
        GenericRecord visit = labelled("v-2");
        visit.put("amount", Double.NEGATIVE_INFINITY);
        visit.put("member", false);

        assertThat(accepted(extract(classification, visit, LabelPolicy.REQUIRED)).getFeatures())
                .containsExactly(null, null, null, 0.0, null, null);
    }

    @Test
    void shouldEncodeBooleansAsOneAndZeroWhenBooleanFeature() {
        GenericRecord yes = labelled("v-3");
        yes.put("member", true);
        GenericRecord no = labelled("v-4");
        no.put("member", false);

        assertThat(accepted(extract(classification, yes, LabelPolicy.REQUIRED)).getFeatures().get(3)).isEqualTo(1.0);
        assertThat(accepted(extract(classification, no, LabelPolicy.REQUIRED)).getFeatures().get(3)).isEqualTo(0.0);
    }

    @Test
    void shouldTreatBlankCategoryAsMissingWhenCategorical() {
        GenericRecord visit = labelled("v-5");
        visit.put("city", "  ");
        visit.put("pages", 1);

        assertThat(accepted(extract(classification, visit, LabelPolicy.REQUIRED)).getFeatures().get(4)).isNull();
    }

    @Test
    void shouldRejectAsMissingIdWhenIdIsNullOrBlank() {
        GenericRecord noId = labelledOfOnePage(null);
        GenericRecord blankId = labelledOfOnePage(" ");

        assertRejected(extract(classification, noId, LabelPolicy.REQUIRED), DeadLetterReason.MISSING_ID, "id");
        assertRejected(extract(classification, blankId, LabelPolicy.IGNORED), DeadLetterReason.MISSING_ID, "id");
    }

    @Test
    void shouldRejectAsMissingLabelWhenLabelIsRequiredButAbsent() {
        GenericRecord unlabelled = visitOfOnePage("v-6");
        GenericRecord blank = visitOfOnePage("v-7");
        blank.put("outcome", "");

        assertRejected(extract(classification, unlabelled, LabelPolicy.REQUIRED), DeadLetterReason.MISSING_LABEL, "outcome");
        assertRejected(extract(classification, blank, LabelPolicy.REQUIRED), DeadLetterReason.MISSING_LABEL, "outcome");
    }

    @Test
    void shouldLeaveLabelOutWhenLabelIsIgnored() {
        GenericRecord unlabelled = visitOfOnePage("v-8");
        GenericRecord labelled = labelledOfOnePage("v-9");

        assertThat(accepted(extract(classification, unlabelled, LabelPolicy.IGNORED)).getLabel()).isNull();
        assertThat(accepted(extract(classification, labelled, LabelPolicy.IGNORED)).getLabel()).isNull();
    }

    @Test
    void shouldRejectAsNoFeaturesWhenEveryFeatureIsMissing() {
        GenericRecord empty = labelled("v-10");
        GenericRecord unusable = labelled("v-11");
        unusable.put("amount", Double.NaN);
        unusable.put("city", "");

        assertRejected(extract(classification, empty, LabelPolicy.REQUIRED), DeadLetterReason.NO_FEATURES, "amount");
        assertRejected(extract(classification, unusable, LabelPolicy.IGNORED), DeadLetterReason.NO_FEATURES, "city");
    }

    @Test
    void shouldTakeEventTimeFromFieldWhenPresent() {
        GenericRecord visit = labelledOfOnePage("v-12");
        visit.put("at", EVENT_TIME);

        assertThat(accepted(extract(classification, visit, LabelPolicy.REQUIRED)).getEventTime())
                .isEqualTo(Instant.ofEpochMilli(EVENT_TIME));
    }

    @Test
    void shouldFallBackToKafkaTimestampWhenEventTimeFieldIsNull() {
        GenericRecord visit = labelledOfOnePage("v-13");

        assertThat(accepted(extract(classification, visit, LabelPolicy.REQUIRED)).getEventTime())
                .isEqualTo(Instant.ofEpochMilli(KAFKA_TIMESTAMP));
    }

    @Test
    void shouldUseKafkaTimestampWhenSpecHasNoTimestampField() {
        GenericRecord visit = labelledOfOnePage("v-14");
        visit.put("at", EVENT_TIME);

        assertThat(accepted(extract(extractor("", "outcome"), visit, LabelPolicy.REQUIRED)).getEventTime())
                .isEqualTo(Instant.ofEpochMilli(KAFKA_TIMESTAMP));
    }

    @Test
    void shouldReadInstantEventTimeWhenRecordIsGenerated() {
        DemoRecord demo = DemoRecord.newBuilder().setId("c-1").setEventTime(Instant.ofEpochMilli(EVENT_TIME))
                .setTenureMonths(4.0).setLabel("stay").build();
        FeatureExtractor extractor = new FeatureExtractor(
                FeatureSpec.fromSchema(InputSchemas.demo(), "id", "eventTime", "label", List.of()));

        CleanRecord record = accepted(extract(extractor, demo, LabelPolicy.REQUIRED));

        assertThat(record.getEventTime()).isEqualTo(Instant.ofEpochMilli(EVENT_TIME));
        assertThat(record.getFeatures()).containsExactly(4.0, null, null, null, null, null);
    }

    @Test
    void shouldKeepNumericLabelAsDoubleWhenIntegralOrNot() {
        FeatureExtractor regression = extractor("at", "spend");
        GenericRecord integral = visitOfOnePage("v-15");
        integral.put("spend", 7);
        GenericRecord fractional = visitOfOnePage("v-16");
        fractional.put("spend", 7.25);

        assertThat(accepted(extract(regression, integral, LabelPolicy.REQUIRED)).getLabel()).isEqualTo(7.0);
        assertThat(accepted(extract(regression, fractional, LabelPolicy.REQUIRED)).getLabel()).isEqualTo(7.25);
    }

    @Test
    void shouldRejectAsInvalidLabelWhenNumericLabelIsNotFinite() {
        FeatureExtractor regression = extractor("at", "spend");
        GenericRecord visit = visitOfOnePage("v-17");
        visit.put("spend", Double.NaN);

        assertRejected(extract(regression, visit, LabelPolicy.REQUIRED), DeadLetterReason.INVALID_LABEL, "NaN");
    }

    private static FeatureExtractor extractor(String timestampField, String labelField) {
        return new FeatureExtractor(FeatureSpec.fromSchema(SCHEMA, "id", timestampField, labelField, FEATURES));
    }

    private static GenericRecord visit(String id) {
        GenericRecord visit = new GenericData.Record(SCHEMA);
        visit.put("id", id);
        return visit;
    }

    private static GenericRecord labelled(String id) {
        GenericRecord visit = visit(id);
        visit.put("outcome", "left");
        return visit;
    }

    /** A visit of one page and no other feature, without a label. */
    private static GenericRecord visitOfOnePage(String id) {
        GenericRecord visit = visit(id);
        visit.put("pages", 1);
        return visit;
    }

    /** A labelled visit of one page and no other feature. */
    private static GenericRecord labelledOfOnePage(String id) {
        GenericRecord visit = labelled(id);
        visit.put("pages", 1);
        return visit;
    }

    /** What {@code extractor} makes of {@code record} read at partition 0, offset 0, with the test's Kafka timestamp. */
    private static Extraction extract(FeatureExtractor extractor, GenericRecord record, LabelPolicy policy) {
        return extractor.extract(record, KAFKA_TIMESTAMP, 0, 0L, policy);
    }

    private static CleanRecord accepted(Extraction extraction) {
        assertThat(extraction).isInstanceOf(Extraction.Accepted.class);
        return ((Extraction.Accepted) extraction).record();
    }

    private static void assertRejected(Extraction extraction, DeadLetterReason reason, String detail) {
        assertThat(extraction).isInstanceOfSatisfying(Extraction.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).contains(detail);
        });
    }
}
