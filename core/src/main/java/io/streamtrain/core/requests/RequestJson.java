package io.streamtrain.core.requests;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How score requests are read as JSON trees, on the topic and over REST alike: trailing content after the value is an
 * error, not ignored, and a key that occurs twice in one object is refused rather than resolved silently (last one
 * wins), which once changed a record's id and label unnoticed.
 */
public final class RequestJson {

    /** The mapper for request trees; its duplicate check costs a map lookup per key that tree building makes anyway. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)' for `ObjectNode`");

    private RequestJson() {
    }

    /**
     * When {@code failure} (from reading a tree with {@link #MAPPER}) is a repeated key, the sentence that says so,
     * naming the key; empty for any other failure.
     */
    public static Optional<String> duplicateKey(JacksonException failure) {
        if (!(failure instanceof MismatchedInputException)) {
            return Optional.empty();
        }
        Matcher matcher = DUPLICATE.matcher(String.valueOf(failure.getOriginalMessage()));
        return matcher.find() ? Optional.of("key '" + matcher.group(1) + "' occurs more than once in one object; give each key once")
                : Optional.empty();
    }
}
