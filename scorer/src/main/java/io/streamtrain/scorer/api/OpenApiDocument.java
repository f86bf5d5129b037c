package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The OpenAPI 3.1 document served at {@code /openapi.json}: the hand-written {@code openapi.json} resource,
 * completed with the served pipelines' names and their {@code InputRecord} schemas, generated from each
 * pipeline's Avro input schema and feature spec so it says exactly which fields a record must carry.
 */
final class OpenApiDocument {

    private static final String TEMPLATE = "openapi.json";

    private OpenApiDocument() {
    }

    /**
     * The document for {@code pipelines}: with one pipeline its {@code InputRecord} is that pipeline's record;
     * with several, {@code InputRecord} is one of {@code InputRecord.<pipeline>}, one per pipeline.
     */
    static byte[] build(List<PipelineConfig> pipelines) {
        ObjectNode document = template();
        List<String> names = pipelines.stream().map(PipelineConfig::pipelineName).toList();
        ((ObjectNode) document.get("info")).put("title", "streamtrain scorer: pipeline" + (names.size() == 1 ? " " : "s ") + String.join(", ", names));
        ObjectNode pipelineParameter = (ObjectNode) document.at("/components/parameters/Pipeline/schema");
        names.forEach(pipelineParameter.putArray("enum")::add);
        ObjectNode schemas = (ObjectNode) document.at("/components/schemas");
        if (pipelines.size() == 1) {
            schemas.set("InputRecord", inputRecord(pipelines.getFirst().inputSchema(), pipelines.getFirst().featureSpec()));
        } else {
            ObjectNode any = schemas.putObject("InputRecord").put("description", "A record of the pipeline named in the path.");
            ArrayNode oneOf = any.putArray("oneOf");
            for (PipelineConfig pipeline : pipelines) {
                String component = "InputRecord." + pipeline.pipelineName();
                schemas.set(component, inputRecord(pipeline.inputSchema(), pipeline.featureSpec()));
                oneOf.addObject().put("$ref", "#/components/schemas/" + component);
            }
        }
        return ApiJson.bytes(document);
    }

    private static ObjectNode template() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TEMPLATE + " is missing from the scorer's jar");
            }
            return (ObjectNode) ApiJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE, e);
        }
    }

    private static ObjectNode inputRecord(Schema schema, FeatureSpec spec) {
        Map<String, FeatureField> features = spec.features().stream().collect(Collectors.toMap(FeatureField::name, Function.identity()));
        ObjectNode record = ApiJson.MAPPER.createObjectNode().put("type", "object");
        record.put("description", (schema.getDoc() == null ? "A record of " + schema.getFullName() + "." : schema.getDoc())
                + " Fields not listed here are ignored.");
        ObjectNode properties = record.putObject("properties");
        ArrayNode required = record.putArray("required");
        for (Schema.Field field : schema.getFields()) {
            ObjectNode property = jsonSchema(field.schema());
            property.put("description", role(field, spec, features) + (field.doc() == null ? "" : " " + field.doc()));
            properties.set(field.name(), property);
            // The id and event time may be left out over REST: the scorer fills them in (RestScorer).
            boolean filledIn = field.name().equals(spec.idField()) || field.name().equals(spec.timestampField());
            boolean mustBePresent = features.containsKey(field.name()) || !filledIn && !nullable(field.schema()) && !field.hasDefaultValue();
            if (mustBePresent) {
                required.add(field.name());
            }
        }
        return record;
    }

    private static String role(Schema.Field field, FeatureSpec spec, Map<String, FeatureField> features) {
        String name = field.name();
        if (name.equals(spec.idField())) {
            return "The record's id; names its prediction. Optional: <requestId>-<index in the request> when left out.";
        }
        if (name.equals(spec.timestampField())) {
            return "Event time: epoch milliseconds or an ISO-8601 instant. Optional: the request's arrival when left out.";
        }
        if (name.equals(spec.labelField())) {
            return "The label; ignored when scoring.";
        }
        FeatureField feature = features.get(name);
        if (feature != null) {
            return "Feature (" + feature.type().name().toLowerCase(Locale.ROOT) + "); null when unknown, and the model imputes it.";
        }
        return "Not used by the model.";
    }

    private static ObjectNode jsonSchema(Schema schema) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode();
        switch (schema.getType()) {
            case UNION -> {
                List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
                ObjectNode single = branches.size() == 1 ? jsonSchema(branches.getFirst()) : null;
                boolean nullable = branches.size() < schema.getTypes().size();
                if (single != null && single.has("type") && nullable) {
                    String type = single.get("type").asText();
                    single.putArray("type").add(type).add("null");
                    return single;
                }
                ArrayNode oneOf = node.putArray("oneOf");
                branches.forEach(branch -> oneOf.add(jsonSchema(branch)));
                if (nullable) {
                    oneOf.addObject().put("type", "null");
                }
            }
            case STRING -> node.put("type", "string");
            case BOOLEAN -> node.put("type", "boolean");
            case INT -> node.put("type", "integer").put("format", "int32");
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    ArrayNode oneOf = node.putArray("oneOf");
                    oneOf.addObject().put("type", "integer").put("format", "int64");
                    oneOf.addObject().put("type", "string").put("format", "date-time");
                } else {
                    node.put("type", "integer").put("format", "int64");
                }
            }
            case FLOAT, DOUBLE -> node.put("type", "number");
            case ENUM -> {
                node.put("type", "string");
                schema.getEnumSymbols().forEach(node.putArray("enum")::add);
            }
            default -> node.put("description", schema.getType().getName() + " fields cannot be sent as JSON");
        }
        return node;
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL || schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }
}
