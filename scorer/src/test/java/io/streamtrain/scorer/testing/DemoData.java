package io.streamtrain.scorer.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded demo-pipeline records: customers who churn when they call support often early in their tenure. */
public final class DemoData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REGIONS = List.of("north", "south", "east", "west");
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private DemoData() {
    }

    /** {@code n} labelled records with ids {@code <prefix>-<i>}. */
    public static List<DemoRecord> labelled(String prefix, int n, long seed) {
        return customers(prefix, n, seed, true);
    }

    /** {@code n} unlabelled records, as score requests carry them. */
    public static List<DemoRecord> unlabelled(String prefix, int n, long seed) {
        return customers(prefix, n, seed, false);
    }

    private static List<DemoRecord> customers(String prefix, int n, long seed, boolean labelled) {
        Random random = new Random(seed);
        List<DemoRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(customer(prefix + "-" + i, random, labelled));
        }
        return records;
    }

    /** One record as a plain JSON object. */
    public static byte[] json(DemoRecord record) {
        return DemoRecordEncoder.json(record);
    }

    /** The wrapper request {@code {"requestId": ..., "records": [...]}}. */
    public static byte[] wrapper(String requestId, List<DemoRecord> records) {
        return DemoRecordEncoder.scoreRequest(requestId, records);
    }

    /** A plain JSON array of records. */
    public static byte[] array(List<DemoRecord> records) {
        return write(records.stream().map(DemoRecordEncoder::fields).toList());
    }

    private static DemoRecord customer(String id, Random random, boolean labelled) {
        double tenure = random.nextInt(60);
        double calls = random.nextInt(8);
        double risk = calls / 2 - tenure / 15 + random.nextGaussian() * 0.5;
        return DemoRecord.newBuilder()
                .setId(id)
                .setEventTime(START.plusSeconds(random.nextInt(3600)))
                .setTenureMonths(tenure)
                .setMonthlySpend(20 + random.nextDouble() * 80)
                .setSupportCalls(calls)
                .setUsageHours(random.nextDouble() * 40)
                .setPremium(random.nextBoolean())
                .setRegion(REGIONS.get(random.nextInt(REGIONS.size())))
                .setLabel(labelled ? (risk > 0 ? "churn" : "stay") : null)
                .build();
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps and lists always serialize", e);
        }
    }
}
