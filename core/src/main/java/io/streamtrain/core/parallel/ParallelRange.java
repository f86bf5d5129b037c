package io.streamtrain.core.parallel;

import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs an action once for every index of {@code [0, count)} on a fork-join pool the caller chooses, and returns when
 * all have run. A service that owns a sized pool passes it here, so its parallel work neither queues behind nor
 * crowds out whatever else shares the JVM's common pool (a parallel stream always runs on that one).
 *
 * <p>The range is split in halves down to about four pieces per thread of the pool (as parallel streams split), each
 * piece run in index order on one thread; a range of one index runs on the calling thread, so single items pay no
 * hand-over to the pool. The action must be safe to call from several threads at once for different indexes.
 */
public final class ParallelRange {

    /** Pieces per pool thread: enough for threads that finish early to take over the work of a slower one. */
    private static final int PIECES_PER_THREAD = 4;

    private ParallelRange() {
    }

    /**
     * Calls {@code action} with every index from 0 to {@code count - 1} on {@code pool}'s threads.
     *
     * @throws RuntimeException the first exception an action threw (the others' indexes may not have run)
     */
    public static void forEach(ForkJoinPool pool, int count, IntConsumer action) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(action, "action");
        if (count <= 1) {
            if (count == 1) {
                action.accept(0);
            }
            return;
        }
        int piece = Math.max(1, count / (PIECES_PER_THREAD * pool.getParallelism()));
        pool.invoke(new Split(0, count, piece, action));
    }

    /** Indexes {@code start} (inclusive) to {@code end} (exclusive): halved until at most {@code piece} long. */
    private static final class Split extends RecursiveAction {

        private final int start;
        private final int end;
        private final int piece;
        private final IntConsumer action;

        Split(int start, int end, int piece, IntConsumer action) {
            this.start = start;
            this.end = end;
            this.piece = piece;
            this.action = action;
        }

        @Override
        protected void compute() {
            if (end - start <= piece) {
                for (int i = start; i < end; i++) {
                    action.accept(i);
                }
                return;
            }
            int middle = (start + end) >>> 1;
            invokeAll(new Split(start, middle, piece, action), new Split(middle, end, piece, action));
        }
    }
}
