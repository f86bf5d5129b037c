package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.trainer.TestBatches;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ColumnarWindowTest {

    @Test
    void shouldGiveBackEveryRecordExactlyWithNullsNaNsCategoriesAndEveryKindOfLabel() {
        List<CleanRecord> records = List.of(
                record("a", Arrays.asList(1.5, "north", null), "churn", null),
                record("b", Arrays.asList(Double.NaN, null, 3.0), 12.5, null),
                record("ü-ß", Arrays.asList(-0.0, "south", Double.POSITIVE_INFINITY), null, "request-7"),
                record("d", Arrays.asList(2.0, "north", 4.0), "stay", null));

        ColumnarWindow window = ColumnarWindow.of(batch("w", records), 0);

        assertThat(window.records()).containsExactlyElementsOf(records);
        assertThat(window.rows()).isEqualTo(4);
        assertThat(window.recordId(2)).isEqualTo("ü-ß");
    }

    @Test
    void shouldHoldAThirtyFeatureRowInAboutEightBytesPerFeature() {
        List<CleanRecord> records = IntStream.range(0, 10_000).mapToObj(i -> {
            List<Object> features = new ArrayList<>();
            IntStream.range(0, 30).forEach(f -> features.add(i * 0.5 + f));
            return record("record-" + i, features, i % 2 == 0 ? "churn" : "stay", null);
        }).toList();

        ColumnarWindow window = ColumnarWindow.of(batch("w", records), 0);

        double bytesPerRow = (double) window.bytes() / window.rows();
        // 30 doubles (240 bytes), id, event time, source position and label code: no object per record or value.
        assertThat(bytesPerRow).isBetween(240.0, 300.0);
        assertThat(window.record(9_999)).isEqualTo(records.get(9_999));
    }

    static CleanRecord record(String id, List<Object> features, Object label, String requestId) {
        return CleanRecord.newBuilder().setRecordId(id).setEventTime(Instant.parse("2030-01-01T00:00:00Z").plusMillis(id.length()))
                .setFeatures(features).setLabel(label).setSourcePartition(id.length() % 3).setSourceOffset(id.hashCode())
                .setRequestId(requestId).build();
    }

    static AssembledBatch batch(String batchId, List<CleanRecord> records) {
        BatchManifest manifest = (BatchManifest) TestBatches.manifest("p", batchId, 1, records.size()).getPart();
        return new AssembledBatch(batchId, manifest, records, 0, 1);
    }
}
