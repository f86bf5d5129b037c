package io.streamtrain.trainer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommitMetadataTest {

    @Test
    void shouldRoundTripTheRangeReadItsUnfinishedBatchesAndTheFinishedOnesBeyondIt() {
        CommitPoint point = new CommitPoint(10, 40,
                List.of(new CommitPoint.BatchAt("b:7", 12), new CommitPoint.BatchAt("b,8", 10)),
                List.of(new CommitPoint.BatchAt("done", 20), new CommitPoint.BatchAt("given up", Long.MAX_VALUE)));

        String metadata = CommitMetadata.encode(point, OptionalLong.of(3));

        assertThat(CommitMetadata.decode(10, metadata)).as("'done' is known by the range; 'given up' must be named")
                .isEqualTo(new CommittedBatches(10, 40, Set.of("b:7", "b,8"), List.of("given up")));
        assertThat(CommitMetadata.horizonStart(metadata)).hasValue(3);
        assertThat(CommitMetadata.horizonStart(CommitMetadata.encode(point, OptionalLong.empty()))).isEmpty();
    }

    @Test
    void shouldReadNullForeignAndBrokenMetadataAsNothingBeyondTheOffset() {
        for (String metadata : new String[] {null, "", "written by another tool", "st3:x:y", "st3::notanumber::"}) {
            assertThat(CommitMetadata.decode(5, metadata)).as(metadata).isEqualTo(CommittedBatches.nothingBeyond(5));
        }
        assertThat(CommitMetadata.horizonStart("st3:notanumber:5::")).isEmpty();
        assertThat(CommitMetadata.horizonStart(null)).isEmpty();
    }

    @Test
    void shouldReadTheMetadataOfEarlierVersionsAsNamedFinishedBatches() {
        assertThat(CommitMetadata.decode(5, "st1:a%2C1,b"))
                .isEqualTo(new CommittedBatches(5, 5, Set.of(), List.of("a,1", "b")));
        assertThat(CommitMetadata.decode(5, "st2:1234:a")).isEqualTo(new CommittedBatches(5, 5, Set.of(), List.of("a")));
        assertThat(CommitMetadata.horizonStart("st2:1234:a")).hasValue(1234);
        assertThat(CommitMetadata.horizonStart("st1:a")).isEmpty();
    }

    @Test
    void shouldStayUnderTheBrokersLimitByReadingAgainFromTheFirstUnfinishedBatchLeftOut() {
        List<CommitPoint.BatchAt> unfinished = IntStream.range(0, 500)
                .mapToObj(i -> new CommitPoint.BatchAt("churn-1700000000000-" + i + "@p0", 100 + i)).toList();
        CommitPoint point = new CommitPoint(100, 2_000, unfinished,
                List.of(new CommitPoint.BatchAt("finished-late", 1_000)));

        String metadata = CommitMetadata.encode(point, OptionalLong.of(7));

        assertThat(metadata.length()).isLessThanOrEqualTo(CommitMetadata.MAX_CHARS);
        CommittedBatches decoded = CommitMetadata.decode(100, metadata);
        int named = decoded.unfinished().size();
        assertThat(named).isBetween(1, 499);
        assertThat(decoded.readThrough()).as("back to the first unfinished batch left out").isEqualTo(100 + named);
        assertThat(decoded.unfinished()).containsExactlyInAnyOrderElementsOf(
                unfinished.subList(0, named).stream().map(CommitPoint.BatchAt::batchId).toList());
        assertThat(decoded.finished()).as("no room is left: unfinished batches come first").isEmpty();
    }
}
