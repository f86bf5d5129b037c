package io.streamtrain.trainer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommitMetadataTest {

    @Test
    void shouldRoundTripBatchIdsWithAnyCharacters() {
        List<String> ids = List.of("churn-1700000000000-0", "odd,id:with spaces", "ümlaut/%");

        assertThat(CommitMetadata.decode(CommitMetadata.encode(ids))).containsExactlyElementsOf(ids);
    }

    @Test
    void shouldDecodeEmptyAndForeignMetadataAsNoIds() {
        assertThat(CommitMetadata.decode(CommitMetadata.encode(List.of()))).isEmpty();
        assertThat(CommitMetadata.decode(null)).isEmpty();
        assertThat(CommitMetadata.decode("")).isEmpty();
        assertThat(CommitMetadata.decode("written by another tool")).isEmpty();
    }

    @Test
    void shouldStayUnderTheBrokersMetadataLimitByLeavingOutLaterIds() {
        List<String> ids = IntStream.range(0, 500).mapToObj(i -> "churn-1700000000000-" + i).toList();

        String metadata = CommitMetadata.encode(ids);

        assertThat(metadata.length()).isLessThanOrEqualTo(CommitMetadata.MAX_CHARS);
        List<String> kept = CommitMetadata.decode(metadata);
        assertThat(kept).isNotEmpty().isEqualTo(ids.subList(0, kept.size()));
    }

    @Test
    void shouldRoundTripTheHorizonStartWithTheIdsAndReadOlderMetadataAsNoHorizon() {
        List<String> ids = List.of("b:7", "b,8");

        String metadata = CommitMetadata.encode(ids, OptionalLong.of(1234));

        assertThat(CommitMetadata.horizonStart(metadata)).hasValue(1234);
        assertThat(CommitMetadata.decode(metadata)).containsExactlyElementsOf(ids);
        assertThat(CommitMetadata.decode(CommitMetadata.encode(List.of(), OptionalLong.of(5)))).isEmpty();
        assertThat(CommitMetadata.horizonStart(CommitMetadata.encode(ids))).isEmpty();
        assertThat(CommitMetadata.horizonStart("st2:notanumber:x")).isEmpty();
        assertThat(CommitMetadata.horizonStart(null)).isEmpty();
    }
}
