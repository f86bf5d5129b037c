package io.streamtrain.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
 * thrown for bad bytes. Thread-safe once its writer schemas are added (Avro's message decoder is; the JSON reader only
 * reads its schema tables).
 */
public final class InputRecordDecoder {

    /**
     * JSON values are read as a stream of tokens straight into the record; trailing content is refused, so two
     * concatenated objects never silently lose the second.
     */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final Schema schema;
    private final BinaryMessageDecoder<GenericRecord> avro;
    private final JsonRecordReader json;
    private final FlatJsonRecordReader flatJson;

    public InputRecordDecoder(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.avro = new BinaryMessageDecoder<>(GenericData.get(), schema);
        this.json = new JsonRecordReader(schema);
        this.flatJson = new FlatJsonRecordReader(schema);
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
        // The common flat object is read without a parser; everything else, errors included, by the parser below.
        GenericRecord flat = flatJson.read(bytes);
        if (flat != null) {
            return flat;
        }
        JsonRecordReader.Pending pending;
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new RecordDecodingException(Kind.UNDECODABLE, "blank value");
            }
            pending = json.read(parser);
            if (parser.nextToken() != null) {
                throw new RecordDecodingException(Kind.UNDECODABLE,
                        "neither Avro single-object encoding nor valid JSON: trailing content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "neither Avro single-object encoding nor valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RecordDecodingException(Kind.UNDECODABLE, "unreadable JSON: " + e.getMessage(), e);
        }
        return pending.resolve();
    }

    static boolean isSingleObjectAvro(byte[] bytes) {
        return bytes.length >= 10 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }
}
