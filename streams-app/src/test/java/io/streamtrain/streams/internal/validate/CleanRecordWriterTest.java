package io.streamtrain.streams.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CleanRecordWriterTest {

    private static final AvroMessageCodec<CleanRecord> AVRO = AvroMessageCodec.of(CleanRecord.class);

    private final CleanRecordWriter writer = new CleanRecordWriter();

    @Test
    void shouldWriteWhatAvroWritesForEveryKindOfFeatureAndLabel() {
        List<CleanRecord> records = List.of(
                record("a", List.of(1.5, "north", -0.0), "stay", 0, 0),
                record("", List.of(), null, 7, Long.MAX_VALUE),
                record("ü-\u20ac-\uD83D\uDE00", Arrays.asList(null, Double.NaN, Double.NEGATIVE_INFINITY, ""), 42.0, Integer.MAX_VALUE, -1),
                record("x".repeat(5_000), List.of(Double.MAX_VALUE, Double.MIN_VALUE), "", Integer.MIN_VALUE, Long.MIN_VALUE));

        for (CleanRecord record : records) {
            assertThat(writer.encode(record)).as("record %s", record.getRecordId().length() > 20 ? "long" : record.getRecordId())
                    .isEqualTo(AVRO.encode(record));
        }
    }

    @Test
    void shouldWriteWhatAvroWritesForRandomRecordsWithTheBufferReused() {
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            List<Object> features = new ArrayList<>();
            for (int f = random.nextInt(80); f > 0; f--) {
                features.add(switch (random.nextInt(3)) {
                    case 0 -> null;
                    case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                    default -> "c" + random.nextInt(1_000_000);
                });
            }
            Object label = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> random.nextDouble();
                default -> "class-" + random.nextInt(5);
            };
            CleanRecord record = record("r" + random.nextLong(), features, label, random.nextInt(), random.nextLong());

            assertThat(writer.encode(record)).isEqualTo(AVRO.encode(record));
        }
    }

    @Test
    void shouldRefuseValuesTheSchemaCannotHold() {
        assertThatThrownBy(() -> writer.encode(record("f", List.of(1.0f), null, 0, 0)))
                .hasMessageContaining("feature value of unsupported type java.lang.Float");
        assertThatThrownBy(() -> writer.encode(record("l", List.of(1.0), 3, 0, 0)))
                .hasMessageContaining("label of unsupported type java.lang.Integer");
    }

    private static CleanRecord record(String id, List<Object> features, Object label, int partition, long offset) {
        return new CleanRecord(id, Instant.ofEpochMilli(1_700_000_000_123L + offset % 1000), features, label, partition, offset, null);
    }
}
