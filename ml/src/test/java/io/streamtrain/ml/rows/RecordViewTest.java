package io.streamtrain.ml.rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.CleanRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordViewTest {

    private static final List<CleanRecord> RECORDS = List.of(record("a", "x"), record("b", null), record("c", "y"), record("d", "z"));

    @Test
    void shouldSelectFilterAndConcatenateByPosition() {
        List<CleanRecord> labelled = RecordView.filter(RECORDS, r -> r.getLabel() != null);
        List<CleanRecord> selected = RecordView.select(RECORDS, new int[] {3, 0});

        assertThat(labelled).extracting(CleanRecord::getRecordId).containsExactly("a", "c", "d");
        assertThat(selected).extracting(CleanRecord::getRecordId).containsExactly("d", "a");
        assertThat(RecordView.concat(labelled, selected)).extracting(CleanRecord::getRecordId).containsExactly("a", "c", "d", "d", "a");
    }

    @Test
    void shouldReturnTheListItselfWhenNothingIsFilteredOrConcatenated() {
        assertThat(RecordView.filter(RECORDS, r -> true)).isSameAs(RECORDS);
        assertThat(RecordView.concat(List.of(), RECORDS)).isSameAs(RECORDS);
        assertThat(RecordView.concat(RECORDS, List.of())).isSameAs(RECORDS);
    }

    @Test
    void shouldCopyAMutableListButNotAView() {
        List<CleanRecord> mutable = new ArrayList<>(RECORDS);
        List<CleanRecord> view = RecordView.select(mutable, new int[] {1, 2});
        mutable.clear();

        assertThat(view).extracting(CleanRecord::getRecordId).containsExactly("b", "c");
        assertThat(RecordView.immutable(view)).isSameAs(view);
    }

    private static CleanRecord record(String id, Object label) {
        return new CleanRecord(id, Instant.EPOCH, List.of(1.0), label, 0, 0L, null);
    }
}
