package io.streamtrain.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How the ingest topology ({@link IngestTopology}) runs beyond the pipeline definition.
 *
 * @param idleCheckInterval how often the windower checks the wall clock, for idle windows and idle partitions
 * @param partitionIdle     wall-clock time without records after which an input partition no longer holds
 *                          stream time back
 * @param inputPartitions   partitions of the input topic; stream time waits until each has delivered a record
 *                          (or stayed idle for {@code partitionIdle}), so that the partition read first cannot
 *                          make the others' records late
 * @param requestPartitions partitions of the score-requests topic, read in transient mode only
 */
public record TopologyOptions(Duration idleCheckInterval, Duration partitionIdle, int inputPartitions, int requestPartitions) {

    public TopologyOptions {
        Objects.requireNonNull(idleCheckInterval, "idleCheckInterval");
        Objects.requireNonNull(partitionIdle, "partitionIdle");
        if (!idleCheckInterval.isPositive() || !partitionIdle.isPositive()) {
            throw new IllegalArgumentException("idleCheckInterval and partitionIdle must be positive, were "
                    + idleCheckInterval + " and " + partitionIdle);
        }
        if (inputPartitions < 1 || requestPartitions < 1) {
            throw new IllegalArgumentException("inputPartitions and requestPartitions must be positive, were "
                    + inputPartitions + " and " + requestPartitions);
        }
    }
}
