package io.streamtrain.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Records of the example pipelines' own schemas ({@code examples/telecom-churn.avsc}, {@code examples/housing.avsc})
 * with a known rule behind the label, categorical fields and missing values; encoded as producers would send them.
 */
final class ExampleRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PAYMENT_METHODS = {"card", "bank-transfer", "invoice"};
    private static final String[] INTERNET = {"fiber", "dsl", "none"};
    private static final String[] CONTRACTS = {"MONTH_TO_MONTH", "ONE_YEAR", "TWO_YEAR"};
    private static final Map<String, Double> NEIGHBOURHOOD_PREMIUM = Map.of("centre", 90_000.0, "harbour", 40_000.0, "suburb", 0.0);
    private static final String[] NEIGHBOURHOODS = {"centre", "harbour", "suburb"};

    private final Random random;

    ExampleRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A subscriber; about a tenth of the optional fields are missing. */
    GenericRecord subscriber(Schema schema, String id, Instant observedAt) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("subscriberId", id);
        record.put("observedAt", observedAt.toEpochMilli());
        record.put("tenureMonths", random.nextInt(72));
        record.put("monthlyCharges", sometimesMissing(20 + random.nextDouble() * 80));
        record.put("contract", new GenericData.EnumSymbol(schema.getField("contract").schema(), CONTRACTS[random.nextInt(3)]));
        record.put("paymentMethod", sometimesMissing(PAYMENT_METHODS[random.nextInt(3)]));
        record.put("internetService", INTERNET[random.nextInt(3)]);
        record.put("seniorCitizen", random.nextInt(5) == 0);
        record.put("supportTickets", sometimesMissing(random.nextInt(6)));
        record.put("campaigns", List.of("spring-offer"));
        record.put("churned", churns(record) ? "yes" : "no");
        return record;
    }

    /** The rule behind {@code churned}: short contracts, many tickets and fibre customers leave; long tenure keeps. */
    static boolean churns(GenericRecord subscriber) {
        double score = ("MONTH_TO_MONTH".equals(subscriber.get("contract").toString()) ? 2.0 : 0.0)
                + (subscriber.get("supportTickets") instanceof Integer tickets && tickets >= 3 ? 1.5 : 0.0)
                + ("fiber".equals(String.valueOf(subscriber.get("internetService"))) ? 1.0 : 0.0)
                - ((Integer) subscriber.get("tenureMonths")) / 24.0;
        return score > 1.5;
    }

    /** A house sold; year built, energy label and neighbourhood are sometimes missing. */
    GenericRecord listing(Schema schema, String id, Instant soldAt) {
        GenericRecord record = new GenericData.Record(schema);
        double area = 40 + random.nextDouble() * 160;
        int rooms = 1 + random.nextInt(6);
        String neighbourhood = NEIGHBOURHOODS[random.nextInt(3)];
        boolean garden = random.nextBoolean();
        record.put("listingId", id);
        record.put("soldAt", soldAt.toEpochMilli());
        record.put("areaSqm", area);
        record.put("rooms", rooms);
        record.put("yearBuilt", sometimesMissing(1900 + random.nextInt(120)));
        record.put("neighbourhood", neighbourhood);
        Schema energyLabel = schema.getField("energyLabel").schema().getTypes().get(1);
        record.put("energyLabel", sometimesMissing(new GenericData.EnumSymbol(energyLabel, energyLabel.getEnumSymbols().get(random.nextInt(7)))));
        record.put("hasGarden", garden);
        record.put("price", price(area, rooms, neighbourhood, garden) + random.nextGaussian() * 10_000);
        return record;
    }

    /** The rule behind {@code price}, without its noise. */
    static double price(double area, int rooms, String neighbourhood, boolean garden) {
        return 2_500 * area + 15_000 * rooms + NEIGHBOURHOOD_PREMIUM.getOrDefault(neighbourhood, 0.0) + (garden ? 10_000 : 0);
    }

    /** Avro single-object encoding, as {@code BinaryMessageEncoder} writes it. */
    static byte[] avro(GenericRecord record) {
        ByteBuffer buffer;
        try {
            buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record, e);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** The record as a JSON object with the same field names, array fields left out. */
    static ObjectNode json(GenericRecord record) {
        ObjectNode node = JSON.createObjectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.name());
            switch (value) {
                case null -> node.putNull(field.name());
                case Integer i -> node.put(field.name(), i);
                case Long l -> node.put(field.name(), l);
                case Double d -> node.put(field.name(), d);
                case Boolean b -> node.put(field.name(), b);
                case List<?> ignored -> {
                    // JSON input carries no arrays: the field is left out and takes its schema default.
                }
                default -> node.put(field.name(), value.toString());
            }
        }
        return node;
    }

    private <T> T sometimesMissing(T value) {
        return random.nextInt(10) == 0 ? null : value;
    }
}
