package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.ml.testing.Batches;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Training time must grow about linearly with the batch: 8 times the records may cost 8 times, never 64. */
class BatchTrainerScalingTest {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTrainerScalingTest.class);
    private static final int SMALL = 8_000;
    private static final int LARGE = 64_000;

    private final BatchTrainer trainer = new BatchTrainer();

    @Test
    void shouldTrainInRoughlyLinearTime() {
        TrainingRequest small = Batches.request(Batches.separableBinary(SMALL, 1));
        TrainingRequest large = Batches.request(Batches.separableBinary(LARGE, 1));
        trainer.train(small);

        long smallNanos = fastestOfThree(small);
        long largeNanos = fastestOfThree(large);

        double ratio = (double) largeNanos / smallNanos;
        LOG.info("Training {} records took {} ms, {} records {} ms: {}x for {}x the records",
                SMALL, smallNanos / 1_000_000, LARGE, largeNanos / 1_000_000, String.format("%.1f", ratio), LARGE / SMALL);
        // Linear is about 8; the bound leaves room for a shared, noisy machine but not for quadratic growth (64).
        assertThat(ratio).isLessThan(32);
    }

    private long fastestOfThree(TrainingRequest request) {
        return LongStream.range(0, 3).map(i -> {
            long started = System.nanoTime();
            assertThat(trainer.train(request)).isInstanceOf(TrainingOutcome.Trained.class);
            return System.nanoTime() - started;
        }).min().orElseThrow();
    }
}
