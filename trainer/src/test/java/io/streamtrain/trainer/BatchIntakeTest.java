package io.streamtrain.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PartitionProgress;
import io.streamtrain.messages.WindowPart;
import io.streamtrain.trainer.batch.BatchLimits;
import io.streamtrain.trainer.batch.CommitMetadata;
import io.streamtrain.trainer.batch.CommitPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchIntakeTest {

    private static final String P = "p";
    private static final TopicPartition BATCHES = new TopicPartition("p.batches", 0);
    private static final TrainingHorizon THREE = new TrainingHorizon(3, Duration.ZERO, 1_000, HorizonSampling.UNIFORM,
            Evaluation.NEWEST_WINDOW, false);
    private static final String WINDOW = "p-0-0";

    @Test
    void shouldRebuildUpToACommitPastACommitMarkerAndSettleTheWindowsTheEarlierReaderFinished() {
        // The earlier reader trained window p-0-0 from input partition 0's part alone (on the assembly bound), then
        // committed past a progress message and its commit marker: offset 4, the horizon starting at 0.
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(BATCHES));
        consumer.commitSync(Map.of(BATCHES, new OffsetAndMetadata(4, CommitMetadata.encode(new CommitPoint(4, 4, List.of(), List.of()), OptionalLong.of(0)))));
        BatchIntake intake = new BatchIntake(consumer, new BatchLimits(1_000, 8, Duration.ofMinutes(2)), THREE);

        intake.assign(List.of(BATCHES));
        PartitionBatches batches = intake.get(BATCHES);

        assertThat(consumer.position(BATCHES)).as("reading starts at the horizon").isZero();
        assertThat(batches.rebuilding()).isTrue();
        assertThat(batches.add(0, TestBatches.chunk(P, WINDOW + "@p0", 0, TestBatches.records("p0", 20)))).isEmpty();
        assertThat(batches.add(1, partManifest(0, 2, 20))).as("input partition 1 never settled it").isEmpty();
        assertThat(batches.add(2, progress(0))).isEmpty();
        assertThat(batches.replayPassed(3)).isFalse();
        assertThat(batches.rebuilding()).isTrue();

        assertThat(batches.replayPassed(4)).isTrue();

        assertThat(batches.rebuilding()).isFalse();
        assertThat(batches.horizon().windows()).as("the window finished before the commit").isEqualTo(1);
        assertThat(batches.idleCommitPoint(4)).as("nothing read beyond the commit").isEmpty();
        assertThat(batches.commitPoint().offset()).as("no part waits before the commit").isEqualTo(4);
    }

    private static BatchMessage partManifest(int partition, int partitions, int records) {
        BatchManifest part = (BatchManifest) TestBatches.manifest(P, WINDOW, 1, records).getPart();
        part.setSourceRanges(List.of(new OffsetRange(partition, 0L, (long) records - 1, (long) records)));
        part.setPart(new WindowPart(WINDOW, new PartitionProgress(partition, partitions,
                TestBatches.WINDOW_START.plusSeconds(120), false)));
        return new BatchMessage(P, WINDOW + "@p" + partition, part);
    }

    private static BatchMessage progress(int partition) {
        return new BatchMessage(P, P + "-progress@p" + partition, new PartitionProgress(partition, 2,
                TestBatches.WINDOW_START.plusSeconds(180), true));
    }
}
