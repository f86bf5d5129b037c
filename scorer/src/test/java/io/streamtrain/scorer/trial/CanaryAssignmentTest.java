package io.streamtrain.scorer.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CanaryAssignmentTest {

    /** Computed independently (Python, FNV-1a + fmix64 of "7:req-i"): a change of the hash would move live requests between versions. */
    private static final List<String> PINNED_FIRST_CANARY_IDS = List.of("req-2", "req-22", "req-72");
    private static final List<String> REQUEST_IDS = IntStream.range(0, 100_000).mapToObj(i -> "req-" + i).toList();

    @Test
    void shouldSendTheConfiguredShareOfRequestIdsToTheChallenger() {
        CanaryAssignment assignment = new CanaryAssignment(7, 0.1);

        long canary = REQUEST_IDS.stream().filter(assignment::answeredByChallenger).count();

        assertThat(canary / (double) REQUEST_IDS.size()).isCloseTo(0.1, within(0.005));
    }

    @Test
    void shouldAssignEveryRequestIdTheSameWayInAnotherInstance() {
        // Two instances build their assignment from the same trial record; nothing else is shared.
        CanaryAssignment first = new CanaryAssignment(7, 0.1);
        CanaryAssignment second = new CanaryAssignment(7, 0.1);

        assertThat(REQUEST_IDS).allSatisfy(id -> assertThat(second.answeredByChallenger(new String(id.toCharArray())))
                .isEqualTo(first.answeredByChallenger(id)));
    }

    @Test
    void shouldPinTheAssignmentToTheHashSoThatItNeverChangesBetweenReleases() {
        CanaryAssignment assignment = new CanaryAssignment(7, 0.1);

        List<String> canary = REQUEST_IDS.stream().limit(200).filter(assignment::answeredByChallenger).toList();

        assertThat(canary).hasSizeBetween(10, 30).allSatisfy(id -> assertThat(assignment.answeredByChallenger(id)).isTrue());
        assertThat(canary.subList(0, 3)).isEqualTo(PINNED_FIRST_CANARY_IDS);
    }

    @Test
    void shouldPickAnotherShareOfRequestIdsForAnotherTrial() {
        CanaryAssignment seven = new CanaryAssignment(7, 0.1);
        CanaryAssignment eight = new CanaryAssignment(8, 0.1);

        long both = REQUEST_IDS.stream().filter(id -> seven.answeredByChallenger(id) && eight.answeredByChallenger(id)).count();

        // Independent shares overlap on about 0.1 × 0.1 of the ids.
        assertThat(both / (double) REQUEST_IDS.size()).isCloseTo(0.01, within(0.003));
    }

    @Test
    void shouldRefuseAShareOutsideItsRange() {
        assertThatThrownBy(() -> new CanaryAssignment(7, 0.0)).hasMessageContaining("(0, 0.5]");
        assertThatThrownBy(() -> new CanaryAssignment(7, 0.6)).hasMessageContaining("(0, 0.5]");
        assertThatThrownBy(() -> new CanaryAssignment(0, 0.1)).hasMessageContaining("at least 1");
    }
}
