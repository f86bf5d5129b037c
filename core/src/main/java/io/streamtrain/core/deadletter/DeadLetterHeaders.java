package io.streamtrain.core.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on dead-lettered records. The value of a dead-lettered record is its original bytes;
 * these headers say why it was refused and where it came from.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "streamtrain.error.reason";
    public static final String DETAIL = "streamtrain.error.detail";
    public static final String SOURCE_TOPIC = "streamtrain.source.topic";
    public static final String SOURCE_PARTITION = "streamtrain.source.partition";
    public static final String SOURCE_OFFSET = "streamtrain.source.offset";
    public static final String SERVICE = "streamtrain.service";
    /** The score request a dead-lettered record belongs to. */
    public static final String REQUEST_ID = "streamtrain.request.id";
    /** Position of the dead-lettered record in its score request (0 for a single record). */
    public static final String REQUEST_INDEX = "streamtrain.request.index";

    /** Longest detail message kept in a header; longer ones are cut. */
    static final int MAX_DETAIL_CHARS = 1000;

    private DeadLetterHeaders() {
    }

    /** Adds the reason, detail and source headers to {@code headers}. */
    public static Headers annotate(Headers headers, DeadLetterReason reason, String detail,
                                   String service, String topic, int partition, long offset) {
        headers.add(REASON, utf8(reason.code()));
        headers.add(DETAIL, utf8(truncate(detail == null ? "" : detail)));
        headers.add(SERVICE, utf8(service));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(String.valueOf(partition)));
        headers.add(SOURCE_OFFSET, utf8(String.valueOf(offset)));
        return headers;
    }

    /** The value of header {@code name}, or null when absent. */
    public static String read(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String truncate(String detail) {
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
