package io.streamtrain.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.demo.DemoRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the bundled demo schema's records the two ways producers may: Avro single-object encoding, or a plain JSON object. */
public final class DemoRecordEncoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoRecordEncoder() {
    }

    public static byte[] avro(DemoRecord record) {
        try {
            ByteBuffer buffer = DemoRecord.getEncoder().encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] json(DemoRecord record) {
        return jsonText(fields(record)).getBytes(StandardCharsets.UTF_8);
    }

    /** A score request carrying several unlabeled records: {@code {"requestId": ..., "records": [...]}}. */
    public static byte[] scoreRequest(String requestId, List<DemoRecord> records) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("requestId", requestId);
        request.put("records", records.stream().map(DemoRecordEncoder::fields).toList());
        return jsonText(request).getBytes(StandardCharsets.UTF_8);
    }

    /** The record as plain JSON values, with the event time in epoch milliseconds. */
    public static Map<String, Object> fields(DemoRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", record.getId());
        fields.put("eventTime", record.getEventTime().toEpochMilli());
        fields.put("tenureMonths", record.getTenureMonths());
        fields.put("monthlySpend", record.getMonthlySpend());
        fields.put("supportCalls", record.getSupportCalls());
        fields.put("usageHours", record.getUsageHours());
        fields.put("premium", record.getPremium());
        fields.put("region", record.getRegion());
        fields.put("label", record.getLabel());
        return fields;
    }

    private static String jsonText(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("demo records always serialise", e);
        }
    }
}
