package io.streamtrain.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.demo.DemoRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Input records of the demo schema, encoded the two ways producers send them, and malformed variants. */
final class DemoInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoInput() {
    }

    static DemoRecord record(String id, long eventTime) {
        int n = Math.abs(id.hashCode());
        return DemoRecord.newBuilder()
                .setId(id)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setTenureMonths((double) (n % 72))
                .setMonthlySpend(20.0 + n % 100)
                .setSupportCalls((double) (n % 7))
                .setUsageHours(n % 300 / 3.0)
                .setPremium(n % 2 == 0)
                .setRegion(n % 3 == 0 ? "north" : "south")
                .setLabel(n % 4 == 0 ? "churn" : "stay")
                .build();
    }

    /** Avro single-object encoding, as {@code DemoRecord.getEncoder()} writes it. */
    static byte[] avro(String id, long eventTime) {
        try {
            ByteBuffer buffer = DemoRecord.getEncoder().encode(record(id, eventTime));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain JSON object with the demo schema's fields. */
    static byte[] json(String id, long eventTime) {
        return bytes(jsonObject(id, eventTime));
    }

    static ObjectNode jsonObject(String id, long eventTime) {
        DemoRecord record = record(id, eventTime);
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("eventTime", eventTime);
        node.put("tenureMonths", record.getTenureMonths());
        node.put("monthlySpend", record.getMonthlySpend());
        node.put("supportCalls", record.getSupportCalls());
        node.put("usageHours", record.getUsageHours());
        node.put("premium", record.getPremium());
        node.put("region", record.getRegion());
        node.put("label", record.getLabel());
        return node;
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
