package io.streamtrain.dashboard.data;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * One dead-lettered record as the dead-letter page shows it: why it was refused and where it came from (its
 * {@link DeadLetterHeaders}), and the start of its value.
 *
 * @param time            epoch milliseconds of the dead-letter record
 * @param reason          the reason code; {@code unknown} when the header is missing
 * @param detail          what exactly was wrong; empty when not said
 * @param service         the service that refused it; empty when not said
 * @param sourceTopic     the topic it was read from; empty when not said
 * @param sourcePartition its partition there, or -1
 * @param sourceOffset    its offset there, or -1
 * @param partition       its partition on the dead-letter topic
 * @param offset          its offset on the dead-letter topic
 * @param valueBytes      size of its value; -1 for a null value
 * @param valuePreview    the value's first {@value #PREVIEW_CHARS} characters as UTF-8 text, control characters
 *                        escaped, or {@code hex:} and its first {@value #PREVIEW_HEX_BYTES} bytes when it is not UTF-8
 */
public record DeadLetterView(long time, String reason, String detail, String service, String sourceTopic, int sourcePartition,
                             long sourceOffset, int partition, long offset, int valueBytes, String valuePreview) {

    /** Longest preview of a text value. */
    public static final int PREVIEW_CHARS = 300;
    /** Bytes shown of a value that is not text. */
    public static final int PREVIEW_HEX_BYTES = 64;

    public DeadLetterView {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(valuePreview, "valuePreview");
    }

    /** The view of a record of the dead-letter topic; headers that are missing or do not parse read as unknown. */
    public static DeadLetterView of(long time, int partition, long offset, Headers headers, byte[] value) {
        String reason = DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON);
        return new DeadLetterView(time, reason == null || reason.isBlank() ? "unknown" : reason,
                orEmpty(DeadLetterHeaders.read(headers, DeadLetterHeaders.DETAIL)),
                orEmpty(DeadLetterHeaders.read(headers, DeadLetterHeaders.SERVICE)),
                orEmpty(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC)),
                (int) number(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_PARTITION)),
                number(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_OFFSET)), partition, offset,
                value == null ? -1 : value.length, preview(value));
    }

    static String preview(byte[] value) {
        if (value == null) {
            return "(null)";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
            StringBuilder shown = new StringBuilder();
            text.codePoints().limit(PREVIEW_CHARS).forEach(c -> {
                if (Character.isISOControl(c)) {
                    shown.append(String.format("\\u%04x", c));
                } else {
                    shown.appendCodePoint(c);
                }
            });
            return text.codePointCount(0, text.length()) > PREVIEW_CHARS ? shown + "…" : shown.toString();
        } catch (CharacterCodingException e) {
            int shown = Math.min(value.length, PREVIEW_HEX_BYTES);
            return "hex:" + HexFormat.ofDelimiter(" ").formatHex(value, 0, shown) + (value.length > shown ? " …" : "");
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static long number(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
