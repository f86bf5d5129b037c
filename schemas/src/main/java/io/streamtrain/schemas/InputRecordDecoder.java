package io.streamtrain.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.schemas.RecordDecodingException.Kind;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Decodes input records of a pipeline: Avro single-object encoding (recognised by its {@code C3 01}
 * marker) of the pipeline's schema or of a registered older writer schema, or a plain JSON object of the
 * same logical schema. Every failure is a {@link RecordDecodingException} with a reason; nothing else is
 * thrown for bad bytes.
 */
public final class InputRecordDecoder {

    /** Trailing content is refused: two concatenated objects must not silently lose the second. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Schema schema;
    private final BinaryMessageDecoder<GenericRecord> avro;
    private final JsonRecordReader json;

    public InputRecordDecoder(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.avro = new BinaryMessageDecoder<>(GenericData.get(), schema);
        this.json = new JsonRecordReader(schema);
    }

    public Schema schema() {
        return schema;
    }

    /** Accepts Avro records written with {@code writerSchema}, an earlier compatible version of the input schema. */
    public InputRecordDecoder withWriterSchema(Schema writerSchema) {
        avro.addSchema(writerSchema);
        return this;
    }

    public GenericRecord decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "empty value");
        }
        if (isSingleObjectAvro(bytes)) {
            return decodeAvro(bytes);
        }
        return decodeJson(bytes);
    }

    /** Reads an already parsed JSON object, for example one element of a list of score requests. */
    public GenericRecord decodeJson(JsonNode object) {
        return json.read(object);
    }

    private GenericRecord decodeAvro(byte[] bytes) {
        try {
            return avro.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "Avro record written with an unknown schema (fingerprint not registered)", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "truncated or corrupt Avro record: " + e.getMessage(), e);
        }
    }

    private GenericRecord decodeJson(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "neither Avro single-object encoding nor valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "unreadable JSON: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "blank value");
        }
        return json.read(node);
    }

    static boolean isSingleObjectAvro(byte[] bytes) {
        return bytes.length >= 10 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }
}
