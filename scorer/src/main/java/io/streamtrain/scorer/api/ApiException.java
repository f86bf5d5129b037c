package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the REST API refuses, answered with {@link #status()} and the JSON body
 * {@code {"error": message, "field": field, "record": index}} ({@code field} and {@code record} only when known).
 * The message is written for the client; it never carries a stack trace.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String field;
    private final Integer record;

    private ApiException(int status, String message, String field, Integer record) {
        // No stack trace: this is an answer to a client, not a failure of the scorer.
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.record = record;
    }

    /** 400 for a request that is wrong as a whole (malformed JSON, oversized body). */
    static ApiException badRequest(String message) {
        return new ApiException(400, message, null, null);
    }

    /** 400 naming the offending field of the request, or of its record at {@code record} (null: not a record's field). */
    static ApiException badField(String message, String field, Integer record) {
        return new ApiException(400, message, field, record);
    }

    /** 401: a registry operation without the pipeline's bearer token. */
    static ApiException unauthorized(String message) {
        return new ApiException(401, message, null, null);
    }

    /** 403: a registry write refused because no token is configured and the operator has not opened writes. */
    static ApiException forbidden(String message) {
        return new ApiException(403, message, null, null);
    }

    /** 408: a request body that did not arrive within the body timeout. */
    static ApiException timedOut(String message) {
        return new ApiException(408, message, null, null);
    }

    /** 415: a body of a media type the endpoint does not read. */
    static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, message, null, null);
    }

    /** 422: a well-formed request whose content cannot be used, for example training rows that make no model. */
    static ApiException unprocessable(String message) {
        return new ApiException(422, message, null, null);
    }

    /** 409: a registry operation that cannot be carried out in the registry's present state. */
    static ApiException conflict(String message) {
        return new ApiException(409, message, null, null);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message, null, null);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, message, null, null);
    }

    /** 504: the answer depends on a read (the model history) that did not finish within its time limit. */
    static ApiException gatewayTimeout(String message) {
        return new ApiException(504, message, null, null);
    }

    /** 500 for a request the scorer could not answer through no fault of the client. */
    static ApiException serverError(String message) {
        return new ApiException(500, message, null, null);
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        ObjectNode body = ApiJson.error(getMessage());
        if (field != null) {
            body.put("field", field);
        }
        if (record != null) {
            body.put("record", record);
        }
        return body;
    }
}
