package io.streamtrain.ml.train;

import static io.streamtrain.ml.testing.Batches.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.testing.Batches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SplitStrategyTest {

    private static final Function<CleanRecord, String> LABEL = r -> String.valueOf(r.getLabel());

    @Test
    void shouldHoldOutTheTestFractionOfEveryClass() {
        List<CleanRecord> records = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            records.add(record("m-" + i, "majority", 1.0));
        }
        for (int i = 0; i < 20; i++) {
            records.add(record("r-" + i, "rare", 1.0));
        }
        records.add(record("only", "single", 1.0));

        TrainTestSplit split = TrainTestSplit.of(SplitStrategy.STRATIFIED, records, 0.2, LABEL);

        Map<String, Long> heldOut = split.test().stream().collect(Collectors.groupingBy(LABEL, Collectors.counting()));
        assertThat(heldOut).containsOnly(Map.entry("majority", 200L), Map.entry("rare", 4L));
        assertThat(split.train()).hasSize(1_021 - 204).contains(records.getLast());
    }

    @Test
    void shouldHoldOutAtLeastOneRecordOfEverySmallClassButNeverAll() {
        List<CleanRecord> records = List.of(record("a-1", "a", 1.0), record("a-2", "a", 1.0), record("b-1", "b", 1.0), record("b-2", "b", 1.0));

        TrainTestSplit split = TrainTestSplit.of(SplitStrategy.STRATIFIED, records, 0.2, LABEL);

        assertThat(split.test()).extracting(LABEL).containsExactlyInAnyOrder("a", "b");
        assertThat(split.train()).extracting(LABEL).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void shouldBeTheSameWhateverTheOrderOfRecords() {
        List<CleanRecord> records = Batches.separableBinary(300, 4);

        TrainTestSplit forward = TrainTestSplit.of(SplitStrategy.STRATIFIED, records, 0.2, LABEL);
        TrainTestSplit backward = TrainTestSplit.of(SplitStrategy.STRATIFIED, records.reversed(), 0.2, LABEL);

        assertThat(backward.test()).containsExactlyInAnyOrderElementsOf(forward.test());
    }

    @Test
    void shouldHoldOutTheLatestRecordsByEventTime() {
        List<CleanRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CleanRecord record = record("t-" + i, "x", 1.0);
            record.setEventTime(Instant.ofEpochSecond(100 - i));
            records.add(record);
        }

        TrainTestSplit split = TrainTestSplit.of(SplitStrategy.TIME_ORDERED, records, 0.2, LABEL);

        assertThat(split.test()).extracting(CleanRecord::getRecordId).containsExactly("t-0", "t-1");
        assertThat(split.train()).hasSize(8).allSatisfy(r -> assertThat(r.getEventTime()).isBefore(Instant.ofEpochSecond(99)));
    }

    @Test
    void shouldKeepTheBatchOrderOnEachSide() {
        List<CleanRecord> records = Batches.separableBinary(200, 2);

        TrainTestSplit split = TrainTestSplit.of(SplitStrategy.STRATIFIED, records, 0.3, LABEL);

        assertThat(split.train()).isSortedAccordingTo((a, b) -> Integer.compare(records.indexOf(a), records.indexOf(b)));
        assertThat(split.test()).isSortedAccordingTo((a, b) -> Integer.compare(records.indexOf(a), records.indexOf(b)));
    }
}
