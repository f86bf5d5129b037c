package io.streamtrain.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes and decodes one streamtrain message type with Avro single-object encoding
 * ({@code C3 01} marker, 8-byte schema fingerprint, binary body). Released older versions of a schema shipped
 * under {@code streamtrain/writers/} are registered automatically, so messages written before a compatible
 * change still decode; others can be added with {@link #withWriterSchema(Schema)}.
 *
 * @param <T> the generated message class
 */
public final class AvroMessageCodec<T extends SpecificRecord> {

    static {
        // Avro refuses to instantiate generated classes outside packages it trusts.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.DEFAULT,
                type -> type.getName().startsWith("io.streamtrain.")));
    }

    private static final String WRITERS = "/streamtrain/writers/";

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroMessageCodec(Class<T> type) {
        this.type = type;
        SpecificData data = SpecificData.getForClass(type);
        Schema schema = data.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(data, schema);
        this.decoder = new BinaryMessageDecoder<>(data, schema);
        releasedWriterSchemas(schema).forEach(decoder::addSchema);
    }

    /**
     * The released versions of {@code schema} whose messages must still decode: resources
     * {@code streamtrain/writers/<full name>.v1.avsc}, {@code .v2.avsc}, ... shipped when a schema evolves.
     */
    private static List<Schema> releasedWriterSchemas(Schema schema) {
        List<Schema> writers = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = WRITERS + schema.getFullName() + ".v" + version + ".avsc";
            try (InputStream in = AvroMessageCodec.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return writers;
                }
                writers.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the released schema " + resource, e);
            }
        }
    }

    /** A codec for the generated class {@code type}. */
    public static <T extends SpecificRecord> AvroMessageCodec<T> of(Class<T> type) {
        return new AvroMessageCodec<>(Objects.requireNonNull(type, "type"));
    }

    /** Also accepts messages written with {@code writerSchema}, an earlier compatible version of this type. */
    public AvroMessageCodec<T> withWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        return this;
    }

    public byte[] encode(T message) {
        try {
            ByteBuffer buffer = encoder.encode(message);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** Decodes {@code bytes}; throws {@link SerializationException} for bytes that are not a message of this type. */
    public T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + " message: " + e.getMessage(), e);
        }
    }

    /** A Kafka serde for this type; null values (tombstones) pass through as null. */
    public Serde<T> serde() {
        Serializer<T> serializer = (topic, message) -> message == null ? null : encode(message);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
