package io.streamtrain.scorer.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ScoringPoolTest {

    @Test
    void shouldRunNestedForkJoinWorkOnNoMoreThreadsThanItsSize() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (ForkJoinPool pool = ScoringPool.create(2, "t-scoring")) {
            long sum = pool.invoke(new Sum(0, 200_000, names));

            assertThat(sum).isEqualTo(200_000L * 199_999 / 2);
            assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).isIn("t-scoring-1", "t-scoring-2"));
        }
    }

    @Test
    void shouldGiveAThreadMadeAfterAnIdleOneEndedTheNumberItFreed() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (ForkJoinPool pool = ScoringPool.create(2, "t-idle", Duration.ofMillis(50))) {
            for (int round = 0; round < 3; round++) {
                pool.invoke(new Sum(0, 50_000, names));
                await().atMost(Duration.ofSeconds(30)).until(() -> pool.getPoolSize() == 0);
            }
        }
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).isIn("t-idle-1", "t-idle-2"));
    }

    /** Sums a range by splitting it in halves, each half forked and joined, recording the threads it ran on. */
    private static final class Sum extends RecursiveTask<Long> {

        private final int from;
        private final int to;
        private final Set<String> names;

        Sum(int from, int to, Set<String> names) {
            this.from = from;
            this.to = to;
            this.names = names;
        }

        @Override
        protected Long compute() {
            names.add(Thread.currentThread().getName());
            if (to - from <= 1_000) {
                long sum = 0;
                for (int i = from; i < to; i++) {
                    sum += i;
                }
                return sum;
            }
            int middle = (from + to) >>> 1;
            Sum left = new Sum(from, middle, names);
            left.fork();
            return new Sum(middle, to, names).compute() + left.join();
        }
    }
}
