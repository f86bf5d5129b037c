package io.streamtrain.scorer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import org.junit.jupiter.api.Test;

class CurrentModelTest {

    private final CurrentModel current = new CurrentModel();

    @Test
    void shouldBeEmptyAndWaitingBeforeTheFirstInstall() {
        assertThat(current.current()).isEmpty();
        assertThat(current.firstModel()).isNotDone();
    }

    @Test
    void shouldCompleteTheFirstModelFutureOnFirstInstall() {
        FakeModel v1 = new FakeModel(1);

        assertThat(current.install(v1)).isEmpty();

        assertThat(current.current()).containsSame(v1);
        assertThat(current.firstModel()).isCompletedWithValue(v1);
    }

    @Test
    void shouldReturnTheReplacedModelAndKeepTheFirstModelFutureOnTheFirst() {
        FakeModel v1 = new FakeModel(1);
        FakeModel v2 = new FakeModel(2);
        current.install(v1);

        assertThat(current.install(v2)).containsSame(v1);

        assertThat(current.current()).containsSame(v2);
        assertThat(current.firstModel()).isCompletedWithValue(v1);
    }

    @Test
    void shouldLeaveASnapshotTakenBeforeASwapUnchanged() {
        current.install(new FakeModel(1));
        ScoringModel snapshot = current.current().orElseThrow();

        current.install(new FakeModel(2));

        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(current.current().orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void shouldNotLetACallerCompleteTheSharedFirstModelFuture() {
        current.firstModel().complete(new FakeModel(9));

        assertThat(current.firstModel()).isNotDone();
        assertThat(current.current()).isEmpty();
    }
}
