package io.streamtrain.bench.windowing;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.streams.internal.validate.RecordValidation;
import io.streamtrain.streams.internal.validate.Verdict;
import java.util.List;

/**
 * The per-record work of validation alone (decode Avro or JSON, check, clean, encode the clean record), on one
 * thread with no Kafka: the CPU floor the streams-app pays before any Kafka Streams, state or broker work.
 */
final class ValidationOnlyRun {

    private static final int LARGEST_RECORD_BYTES = 1 << 20;
    private static final int PASSES = 3;

    private ValidationOnlyRun() {
    }

    /** Records per second over the best of a few passes (the first warms the JIT). */
    static double recordsPerSecond(PipelineConfig pipeline, List<byte[]> values) {
        RecordValidation validation = new RecordValidation(pipeline, LARGEST_RECORD_BYTES);
        double best = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            long accepted = 0;
            long start = System.nanoTime();
            for (int n = 0; n < values.size(); n++) {
                if (validation.validate(null, values.get(n), 0L, 0, n, System.currentTimeMillis()) instanceof Verdict.Accept) {
                    accepted++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (accepted != values.size()) {
                throw new IllegalStateException("validation refused " + (values.size() - accepted) + " benchmark records");
            }
            best = Math.max(best, values.size() / seconds);
        }
        return best;
    }
}
