package io.streamtrain.scorer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** Writing the API's JSON answers; every body, errors included, is {@code application/json}. */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    /** The error body {@code {"error": message}}. */
    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    static void respond(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(bytes(body));
    }

    static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
