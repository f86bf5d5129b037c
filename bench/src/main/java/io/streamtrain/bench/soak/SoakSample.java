package io.streamtrain.bench.soak;

import java.util.List;
import java.util.Locale;

/**
 * One row of the soak's CSV.
 *
 * @param elapsedSeconds   since the load started
 * @param recordsPerSecond input records sent per second since the previous sample
 * @param heapAfterGcMb    heap in use right after a full GC in the soak's JVM: streamtrain's services and the load
 *                         generator (and the broker too with {@code broker=embedded})
 * @param brokerHeapAfterGcMb the same in the broker's own JVM; -1 with {@code broker=embedded}
 * @param streamsLag       lag of the streams-app on the input topic, records
 * @param trainerLag       lag of the trainer on the batches topic, messages
 * @param scorerLag        lag of the scorer on the score-request topic, requests
 * @param requestP50Ms     median score-request latency since the previous sample; -1 without requests
 * @param requestP99Ms     99th percentile of it
 * @param freshnessMs      mean model freshness of the models loaded since the previous sample; -1 without
 * @param modelsLoaded     models the scorer loaded since the load started
 */
record SoakSample(double elapsedSeconds, double recordsPerSecond, double heapAfterGcMb, double brokerHeapAfterGcMb, long streamsLag, long trainerLag,
                  long scorerLag, long requestP50Ms, long requestP99Ms, long freshnessMs, long modelsLoaded) {

    static final String HEADER = "elapsed_s,records_per_s,heap_after_gc_mb,broker_heap_after_gc_mb,streams_lag,trainer_lag,scorer_lag,"
            + "request_p50_ms,request_p99_ms,model_freshness_ms,models_loaded";

    String csv() {
        return String.format(Locale.ROOT, "%.1f,%.0f,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d", elapsedSeconds, recordsPerSecond,
                heapAfterGcMb, brokerHeapAfterGcMb, streamsLag, trainerLag, scorerLag, requestP50Ms, requestP99Ms, freshnessMs, modelsLoaded);
    }

    /** The {@code q}-quantile (0..1) of {@code values} by the nearest-rank method; -1 if empty. */
    static long quantile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static long mean(List<Long> values) {
        return values.isEmpty() ? -1 : Math.round(values.stream().mapToLong(Long::longValue).average().orElseThrow());
    }
}
