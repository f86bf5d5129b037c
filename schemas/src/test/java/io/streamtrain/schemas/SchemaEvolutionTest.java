package io.streamtrain.schemas;

import static io.streamtrain.schemas.MessageSchemaFiles.edit;
import static io.streamtrain.schemas.MessageSchemaFiles.withField;
import static org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.util.RandomData;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The evolution rules every .avsc follows, checked with Avro's own reader/writer compatibility. */
class SchemaEvolutionTest {

    private static final long SEED = 20_240_501L;
    private static final String ADDED = "addedInTest";
    private static final String FIELD_WITH_DEFAULT = """
            {"name": "addedInTest", "type": "string", "default": "unset"}""";
    private static final String OPTIONAL_FIELD = """
            {"name": "addedInTest", "type": ["null", "double"], "default": null}""";
    private static final String FIELD_WITHOUT_DEFAULT = """
            {"name": "addedInTest", "type": "string"}""";

    static Stream<Arguments> schemas() {
        return MessageSchemaFiles.current().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void shouldCoverEveryMessageTypeWhenListingSchemaFiles() {
        assertThat(MessageSchemaFiles.current().values()).extracting(Schema::getFullName).contains(
                "io.streamtrain.messages.BatchMessage", "io.streamtrain.messages.CleanRecord",
                "io.streamtrain.messages.ModelEnvelope", "io.streamtrain.messages.PipelineEvent",
                "io.streamtrain.messages.Prediction", "io.streamtrain.demo.DemoRecord");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldStayCompatibleBothWaysWhenFieldWithDefaultIsAdded(String name, Schema current) {
        Schema evolved = withField(current, FIELD_WITH_DEFAULT);

        assertThat(compatibility(evolved, current)).as("new reader, old writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(current, evolved)).as("old reader, new writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldStayCompatibleBothWaysWhenOptionalFieldIsAdded(String name, Schema current) {
        Schema evolved = withField(current, OPTIONAL_FIELD);

        assertThat(compatibility(evolved, current)).as("new reader, old writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(current, evolved)).as("old reader, new writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldFillDefaultWhenNewReaderReadsOldData(String name, Schema current) throws IOException {
        Schema evolved = withField(current, FIELD_WITH_DEFAULT);

        for (Object datum : new RandomData(current, 20, SEED)) {
            GenericRecord read = rewrite((GenericRecord) datum, current, evolved);

            assertThat(read.get(ADDED)).hasToString("unset");
            assertSameValues(read, rewrite((GenericRecord) datum, current, current), current);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldSkipNewFieldWhenOldReaderReadsNewData(String name, Schema current) throws IOException {
        Schema evolved = withField(current, FIELD_WITH_DEFAULT);

        for (Object datum : new RandomData(evolved, 20, SEED)) {
            GenericRecord read = rewrite((GenericRecord) datum, evolved, current);

            assertThat(read.hasField(ADDED)).isFalse();
            assertSameValues(read, rewrite((GenericRecord) datum, evolved, evolved), current);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldDetectIncompatibilityWhenFieldWithoutDefaultIsAdded(String name, Schema current) {
        Schema evolved = withField(current, FIELD_WITHOUT_DEFAULT);

        SchemaPairCompatibility newReader = checkReaderWriterCompatibility(evolved, current);

        assertThat(newReader.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(newReader.getResult().getIncompatibilities()).extracting(Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void shouldDetectIncompatibilityBothWaysWhenFieldTypeChanges(String name, Schema current) {
        Schema evolved = edit(current, root -> ((ObjectNode) root.get("fields").get(0)).put("type", "boolean"));

        SchemaPairCompatibility newReader = checkReaderWriterCompatibility(evolved, current);
        SchemaPairCompatibility oldReader = checkReaderWriterCompatibility(current, evolved);

        assertThat(newReader.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(newReader.getResult().getIncompatibilities()).extracting(Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.TYPE_MISMATCH);
        assertThat(oldReader.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void shouldDetectIncompatibilityWhenEnumSymbolIsRemoved() {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema evolved = edit(current, root -> ((ArrayNode) root.get("fields").get(2).get("type").get("symbols")).remove(1));

        SchemaPairCompatibility newReader = checkReaderWriterCompatibility(evolved, current);

        assertThat(newReader.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(newReader.getResult().getIncompatibilities()).extracting(Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
    }

    @Test
    void shouldReadUnknownEventTypeAsOtherWhenOldReaderMeetsNewSymbol() throws IOException {
        Schema current = MessageSchemaFiles.current().get("pipeline-event");
        Schema evolved = edit(current, root -> ((ArrayNode) root.get("fields").get(2).get("type").get("symbols")).add("MODEL_PROMOTED"));
        GenericRecord event = (GenericRecord) new RandomData(evolved, 1, SEED).iterator().next();
        event.put("type", new GenericData.EnumSymbol(evolved.getField("type").schema(), "MODEL_PROMOTED"));

        GenericRecord read = rewrite(event, evolved, current);

        assertThat(compatibility(current, evolved)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(read.get("type")).hasToString("OTHER");
    }

    @Test
    void shouldBreakOldReadersWhenEnumWithoutDefaultGainsSymbol() {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema evolved = edit(current, root -> ((ArrayNode) root.get("fields").get(2).get("type").get("symbols")).add("RANKING"));

        SchemaPairCompatibility oldReader = checkReaderWriterCompatibility(current, evolved);

        assertThat(oldReader.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(oldReader.getResult().getIncompatibilities()).extracting(Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
    }

    @Test
    void shouldReadABackfillModelWithTheSchemaBeforeBackfillAsAPlainRecordedModel() throws IOException {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema beforeBackfill = edit(current, root -> {
            for (JsonNode field : root.get("fields")) {
                if (field.get("name").asText().equals("lineage")) {
                    removeField((ArrayNode) field.get("type").get("fields"), "backfill");
                }
                if (field.get("name").asText().equals("promotion")) {
                    // BACKFILL and every symbol added after it (TRIAL).
                    ArrayNode symbols = (ArrayNode) field.get("type").get(1).get("fields").get(0).get("type").get("symbols");
                    while (!symbols.get(symbols.size() - 1).asText().equals("HELD")) {
                        symbols.remove(symbols.size() - 1);
                    }
                }
            }
        });
        GenericRecord envelope = (GenericRecord) new RandomData(current, 1, SEED).iterator().next();
        Schema decision = current.getField("promotion").schema().getTypes().get(1);
        GenericRecord promotion = (GenericRecord) new RandomData(decision, 1, SEED).iterator().next();
        promotion.put("status", new GenericData.EnumSymbol(decision.getField("status").schema(), "BACKFILL"));
        envelope.put("promotion", promotion);

        GenericRecord read = rewrite(envelope, current, beforeBackfill);

        assertThat(compatibility(beforeBackfill, current)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(current, beforeBackfill)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(((GenericRecord) read.get("lineage")).hasField("backfill")).isFalse();
        assertThat(((GenericRecord) read.get("promotion")).get("status")).hasToString("PROMOTED");
    }

    @Test
    void shouldReadAModelFromBeforeHorizonsWithNoHorizonFacts() throws IOException {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema beforeHorizons = edit(current, root -> {
            for (JsonNode field : root.get("fields")) {
                if (field.get("name").asText().equals("lineage")) {
                    ArrayNode lineageFields = (ArrayNode) field.get("type").get("fields");
                    removeField(lineageFields, "horizon");
                }
            }
        });
        GenericRecord old = (GenericRecord) new RandomData(beforeHorizons, 1, SEED).iterator().next();

        GenericRecord read = rewrite(old, beforeHorizons, current);

        assertThat(compatibility(current, beforeHorizons)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(beforeHorizons, current)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        GenericRecord lineage = (GenericRecord) read.get("lineage");
        assertThat(lineage.get("horizon")).isNull();
        assertThat(lineage.get("batchId")).hasToString(((GenericRecord) old.get("lineage")).get("batchId").toString());
    }

    @Test
    void shouldReadAModelFromBeforeIncompleteWindowsWereRecordedAsCompleteAndLetOldReadersSkipTheField() throws IOException {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema beforeIncomplete = edit(current, root -> {
            for (JsonNode field : root.get("fields")) {
                if (field.get("name").asText().equals("lineage")) {
                    removeField((ArrayNode) field.get("type").get("fields"), "missingInputPartitions");
                }
            }
        });
        GenericRecord old = (GenericRecord) new RandomData(beforeIncomplete, 1, SEED).iterator().next();
        GenericRecord incomplete = (GenericRecord) new RandomData(current, 1, SEED).iterator().next();
        ((GenericRecord) incomplete.get("lineage")).put("missingInputPartitions", List.of(1, 3));

        GenericRecord readOld = rewrite(old, beforeIncomplete, current);
        GenericRecord readNew = rewrite(incomplete, current, current);
        GenericRecord readByOldReader = rewrite(incomplete, current, beforeIncomplete);

        assertThat(compatibility(current, beforeIncomplete)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(beforeIncomplete, current)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(((GenericRecord) readOld.get("lineage")).get("missingInputPartitions")).as("an old model reads as complete")
                .asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        assertThat(((GenericRecord) readNew.get("lineage")).get("missingInputPartitions"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(1, 3);
        assertThat(((GenericRecord) readByOldReader.get("lineage")).hasField("missingInputPartitions")).isFalse();
    }

    @Test
    void shouldReadAModelFromBeforeResidualSummariesWithNoResidualsAndLetOldReadersSkipThem() throws IOException {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema beforeResiduals = edit(current, root -> removeField((ArrayNode) root.get("fields"), "residuals"));
        GenericRecord old = (GenericRecord) new RandomData(beforeResiduals, 1, SEED).iterator().next();
        GenericRecord withResiduals = (GenericRecord) new RandomData(current, 1, SEED).iterator().next();

        GenericRecord read = rewrite(old, beforeResiduals, current);
        GenericRecord readByOld = rewrite(withResiduals, current, beforeResiduals);

        assertThat(compatibility(current, beforeResiduals)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(beforeResiduals, current)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(read.get("residuals")).isNull();
        assertThat(read.get("version")).isEqualTo(old.get("version"));
        assertThat(readByOld.hasField("residuals")).isFalse();
        assertThat(readByOld.get("version")).isEqualTo(withResiduals.get("version"));
    }

    /**
     * The rolling-upgrade hazard of trials: a reader from before trials that resolved a TRIAL envelope against its own
     * schema would read the unknown status as the enum's default, PROMOTED. It never gets that far: a reader decodes
     * single-object messages only with the writer schemas it ships (its own and the released ones), so the envelope's
     * unknown fingerprint makes it refuse the record (scorer README, "Upgrading a deployment that runs trials").
     */
    @Test
    void shouldLeaveATrialEnvelopeUndecodableForAReaderFromBeforeTrialsWhichWouldResolveItAsPromoted() throws IOException {
        Schema current = MessageSchemaFiles.current().get("model-envelope");
        Schema beforeTrials = edit(current, root -> {
            for (JsonNode field : root.get("fields")) {
                if (field.get("name").asText().equals("promotion")) {
                    ArrayNode decision = (ArrayNode) field.get("type").get(1).get("fields");
                    removeField(decision, "trial");
                    ArrayNode symbols = (ArrayNode) decision.get(0).get("type").get("symbols");
                    symbols.remove(symbols.size() - 1);
                }
            }
        });
        GenericRecord envelope = (GenericRecord) new RandomData(current, 1, SEED).iterator().next();
        Schema decision = current.getField("promotion").schema().getTypes().get(1);
        GenericRecord promotion = (GenericRecord) new RandomData(decision, 1, SEED).iterator().next();
        promotion.put("status", new GenericData.EnumSymbol(decision.getField("status").schema(), "TRIAL"));
        envelope.put("promotion", promotion);
        ByteBuffer message = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), current).encode(envelope);
        BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), beforeTrials);
        MessageSchemaFiles.released().entrySet().stream().filter(e -> MessageSchemaFiles.currentNameOf(e.getKey()).equals("model-envelope"))
                .forEach(e -> oldReader.addSchema(e.getValue()));

        assertThat(beforeTrials.getField("promotion").schema().getTypes().get(1).getField("status").schema().getEnumSymbols())
                .doesNotContain("TRIAL");
        assertThat(((GenericRecord) rewrite(envelope, current, beforeTrials).get("promotion")).get("status")).hasToString("PROMOTED");
        assertThatThrownBy(() -> oldReader.decode(message.duplicate())).isInstanceOf(MissingSchemaException.class);
    }

    private static void removeField(ArrayNode fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(name)) {
                fields.remove(i);
                return;
            }
        }
        throw new AssertionError("no field " + name);
    }

    /** Compares {@code fields} of two records both read back by Avro, so strings are Utf8 on both sides. */
    private static void assertSameValues(GenericRecord actual, GenericRecord expected, Schema fields) {
        for (Schema.Field field : fields.getFields()) {
            assertThat(actual.get(field.name())).as("field %s", field.name()).isEqualTo(expected.get(field.name()));
        }
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static GenericRecord rewrite(GenericRecord datum, Schema writer, Schema reader) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(datum, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
