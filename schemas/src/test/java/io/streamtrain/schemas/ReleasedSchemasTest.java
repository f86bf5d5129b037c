package io.streamtrain.schemas;

import static io.streamtrain.schemas.MessageSchemaFiles.currentNameOf;
import static org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelPin;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.TrialEnd;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the wire format: every released schema version is kept, frozen, under
 * {@code src/test/resources/released}, and the current .avsc must read whatever each released version wrote.
 * An incompatible edit to an .avsc fails here, before anything is published with it.
 */
class ReleasedSchemasTest {

    private static final long SEED = 42L;
    private static final Map<String, Class<? extends SpecificRecord>> GENERATED = Map.of(
            "batch-message", BatchMessage.class,
            "clean-record", CleanRecord.class,
            "common", OffsetRange.class,
            "demo-record", DemoRecord.class,
            "model-envelope", ModelEnvelope.class,
            "model-pin", ModelPin.class,
            "model-rollback", ModelRollback.class,
            "pipeline-event", PipelineEvent.class,
            "prediction", Prediction.class,
            "trial-end", TrialEnd.class);

    static Stream<Arguments> releasedVersions() {
        return MessageSchemaFiles.released().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void shouldHaveReleasedVersionWhenSchemaFileExists() {
        var releasedSchemaFiles = MessageSchemaFiles.released().keySet().stream()
                .map(MessageSchemaFiles::currentNameOf)
                .collect(Collectors.toSet());

        assertThat(releasedSchemaFiles).containsExactlyInAnyOrderElementsOf(MessageSchemaFiles.current().keySet());
    }

    @Test
    void shouldMatchRecordedFingerprintWhenReleasedVersionIsFrozen() throws IOException {
        Properties recorded = new Properties();
        try (Reader reader = Files.newBufferedReader(MessageSchemaFiles.releasedDirectory().resolve("fingerprints.properties"))) {
            recorded.load(reader);
        }
        Map<String, String> actual = new TreeMap<>();
        MessageSchemaFiles.released().forEach((name, schema) ->
                actual.put(name + ".avsc", "%016x".formatted(SchemaNormalization.parsingFingerprint64(schema))));

        assertThat(actual).containsExactlyInAnyOrderEntriesOf(
                recorded.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, recorded::getProperty)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedVersions")
    void shouldReadDataOfReleasedVersionWhenCurrentSchemaIsCompiled(String releasedName, Schema released) {
        Schema current = MessageSchemaFiles.current().get(currentNameOf(releasedName));

        assertReadable(current, released);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedVersions")
    void shouldDecodeMessagesOfReleasedVersionWhenCodecRegistersIt(String releasedName, Schema released) throws IOException {
        Class<? extends SpecificRecord> type = GENERATED.get(currentNameOf(releasedName));
        assertThat(type).as("generated class of %s", releasedName).isNotNull();
        AvroMessageCodec<? extends SpecificRecord> codec = AvroMessageCodec.of(type).withWriterSchema(released);
        BinaryMessageEncoder<GenericRecord> releasedWriter = new BinaryMessageEncoder<>(GenericData.get(), released);

        for (Object datum : new RandomData(released, 25, SEED)) {
            ByteBuffer message = releasedWriter.encode((GenericRecord) datum);

            assertThat(codec.decode(bytesOf(message))).isInstanceOf(type);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedVersions")
    void shouldDecodeMessagesOfEveryReleasedVersionWithAPlainCodec(String releasedName, Schema released) throws IOException {
        Class<? extends SpecificRecord> type = GENERATED.get(currentNameOf(releasedName));
        AvroMessageCodec<? extends SpecificRecord> codec = AvroMessageCodec.of(type);
        BinaryMessageEncoder<GenericRecord> releasedWriter = new BinaryMessageEncoder<>(GenericData.get(), released);

        for (Object datum : new RandomData(released, 5, SEED)) {
            assertThat(codec.decode(bytesOf(releasedWriter.encode((GenericRecord) datum)))).isInstanceOf(type);
        }
    }

    @Test
    void shouldFailGuardWhenEditCannotReadReleasedData() {
        Schema released = MessageSchemaFiles.released().get("model-envelope.v1");
        Schema edited = MessageSchemaFiles.withField(MessageSchemaFiles.current().get("model-envelope"), """
                {"name": "signature", "type": "bytes"}""");

        assertThatThrownBy(() -> assertReadable(edited, released))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("signature");
    }

    /** The guard itself: {@code current} must read data written with {@code released}. */
    private static void assertReadable(Schema current, Schema released) {
        SchemaPairCompatibility result = checkReaderWriterCompatibility(current, released);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            List<String> problems = result.getResult().getIncompatibilities().stream()
                    .map(problem -> problem.getType() + " at " + problem.getLocation() + " (" + problem.getMessage() + ")")
                    .toList();
            fail("%s can no longer read data written with its released version: %s. Revert the incompatible change, "
                    + "or add the new field with a default.", current.getFullName(), problems);
        }
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
