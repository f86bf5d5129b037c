package io.streamtrain.streams.internal.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowStateCodecsTest {

    private final WindowInputSerde serde = new WindowInputSerde();

    @Test
    void shouldRoundTripWindowInputs() {
        WindowInput.Accepted accepted = new WindowInput.Accepted(-5L, 3, 77L, new byte[] {'k'}, new byte[] {(byte) 0xC3, 1, 2});
        WindowInput decoded = serde.deserializer().deserialize("t", serde.serializer().serialize("t", accepted));

        assertThat(decoded).isInstanceOfSatisfying(WindowInput.Accepted.class, value -> {
            assertThat(value.eventTime()).isEqualTo(-5L);
            assertThat(value.sourcePartition()).isEqualTo(3);
            assertThat(value.sourceOffset()).isEqualTo(77L);
            assertThat(value.sourceKey()).containsExactly('k');
            assertThat(value.cleanRecord()).containsExactly(0xC3, 1, 2);
        });
        WindowInput.ScoreRequest request = new WindowInput.ScoreRequest(12L, 1, 9L, null, new byte[] {(byte) 0xC3, 4});
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", request)))
                .isInstanceOfSatisfying(WindowInput.ScoreRequest.class, value -> {
                    assertThat(value.eventTime()).isEqualTo(12L);
                    assertThat(value.sourcePartition()).isEqualTo(1);
                    assertThat(value.sourceOffset()).isEqualTo(9L);
                    assertThat(value.sourceKey()).isNull();
                    assertThat(value.cleanRecord()).containsExactly(0xC3, 4);
                });
        WindowInput.Refused refused = new WindowInput.Refused(DeadLetterReason.MISSING_LABEL);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", refused))).isEqualTo(refused);
        WindowInput close = new WindowInput.CloseRequested("scorer-ü", "Feature x drifted: PSI 0.4 > 0.25");
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", close))).isEqualTo(close);
        WindowInput full = new WindowInput.WindowFull(1_700_000_000_000L, 3, 2);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", full))).isEqualTo(full);
    }

    @Test
    void shouldReadWindowInputsWrittenBeforeTheSourceKeyTravelled() {
        byte[] unkeyed = ByteBuffer.allocate(1 + 8 + 4 + 8 + 2).put((byte) 1).putLong(7L).putInt(0).putLong(3L)
                .put(new byte[] {(byte) 0xC3, 9}).array();

        assertThat(serde.deserializer().deserialize("t", unkeyed)).isInstanceOfSatisfying(WindowInput.Accepted.class, value -> {
            assertThat(value.sourceOffset()).isEqualTo(3L);
            assertThat(value.sourceKey()).isNull();
            assertThat(value.cleanRecord()).containsExactly(0xC3, 9);
        });
    }

    @Test
    void shouldRefuseCorruptWindowInput() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {7, 0, 0})).isInstanceOf(SerializationException.class);
        byte[] keyTooLong = ByteBuffer.allocate(1 + 8 + 4 + 8 + 4).put((byte) 5).putLong(0L).putInt(0).putLong(0L).putInt(99).array();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", keyTooLong)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {2, 'n', 'o'})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {3, 0, 0, 0, 9, 'a'})).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRoundTripPeriodsAndProgress() {
        Period open = Period.fresh(-10_000L).withRecord(2, 40).withRecord(0, 7).withRecord(2, 35);
        Period closed = open.withoutOpenWindow();
        StreamProgress progress = new StreamProgress(123L, 4);

        assertThat(MetadataCodec.decodePeriod(MetadataCodec.encode(open))).isEqualTo(open);
        assertThat(MetadataCodec.decodePeriod(MetadataCodec.encode(closed))).isEqualTo(closed);
        assertThat(MetadataCodec.decodeProgress(MetadataCodec.encode(progress))).isEqualTo(progress);
        assertThat(open.open().spans()).containsExactly(new OffsetSpan(0, 7, 7, 1), new OffsetSpan(2, 35, 40, 2));
        assertThat(open.open().recordCount()).isEqualTo(3);
        assertThat(closed.nextSeq()).isEqualTo(1);
    }

    @Test
    void shouldRefuseMetadataOfAnotherFormatVersion() {
        byte[] encoded = MetadataCodec.encode(StreamProgress.INITIAL);
        encoded[0] = 9;

        assertThatThrownBy(() -> MetadataCodec.decodeProgress(encoded)).hasMessageContaining("format version 9");
    }

    @Test
    void shouldOrderChunkKeysByWindowStartThenSequences() {
        List<Bytes> keys = List.of(
                ChunkKey.of(-20_000L, 0, 5),
                ChunkKey.of(0L, 0, 0),
                ChunkKey.of(0L, 0, 1),
                ChunkKey.of(0L, 0, 300),
                ChunkKey.of(0L, 1, 0),
                ChunkKey.of(10_000L, 0, 0));

        assertThat(keys).isSorted();
        assertThat(ChunkKey.first(0L, 1).compareTo(ChunkKey.of(0L, 1, 0))).isZero();
        assertThat(ChunkKey.last(0L, 0).compareTo(ChunkKey.first(0L, 1))).isNegative();
    }

    @Test
    void shouldPlaceEventTimesInEpochAlignedWindowsWithoutOverflow() {
        WindowGeometry geometry = new WindowGeometry(10_000, 2_000);

        assertThat(geometry.startOf(25_000)).isEqualTo(20_000);
        assertThat(geometry.startOf(-1)).isEqualTo(-10_000);
        assertThat(geometry.isClosed(20_000, 31_999)).isFalse();
        assertThat(geometry.isClosed(20_000, 32_000)).isTrue();
        assertThat(geometry.closesAt(geometry.startOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }
}
