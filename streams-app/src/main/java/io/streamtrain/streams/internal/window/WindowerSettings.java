package io.streamtrain.streams.internal.window;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.BackfillRun;
import io.streamtrain.streams.TopologyOptions;
import io.streamtrain.streams.backfill.BackfillRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the windower needs from the pipeline definition and the topology options.
 *
 * @param pipeline          pipeline name; key of every batch and event
 * @param sourceTopic       the input topic, named in manifests and in late records' dead-letter headers
 * @param requestsTopic     the score-requests topic, named in late score requests' dead-letter headers (transient mode)
 * @param geometry          window size and grace
 * @param maxRecords        a window closes early at this many records
 * @param idleClose         open windows close after this much wall-clock time without a record
 * @param partitionIdle     an input partition without records for this long no longer holds stream time back
 * @param idleCheckInterval how often the wall clock is checked for idleness
 * @param chunkMaxBytes     largest encoded batch chunk
 * @param featureNames      column order of the records, written to every manifest
 * @param inputPartitions   partitions of the input topic; stream time waits for each of them (see {@link SourcePartitionClocks})
 * @param batchIdPrefix     start of every batch id (see {@link BatchIds})
 * @param backfill          the backfill run these windows belong to, written to every manifest; null for the live stream
 */
public record WindowerSettings(String pipeline, String sourceTopic, String requestsTopic, WindowGeometry geometry, int maxRecords,
                               Duration idleClose, Duration partitionIdle, Duration idleCheckInterval, int chunkMaxBytes,
                               List<String> featureNames, int inputPartitions, String batchIdPrefix, BackfillRun backfill) {

    public WindowerSettings {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(batchIdPrefix, "batchIdPrefix");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(idleClose, "idleClose");
        Objects.requireNonNull(partitionIdle, "partitionIdle");
        Objects.requireNonNull(idleCheckInterval, "idleCheckInterval");
        featureNames = List.copyOf(featureNames);
        if (inputPartitions < 1) {
            throw new IllegalArgumentException("inputPartitions must be positive, was " + inputPartitions);
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be positive, was " + maxRecords);
        }
        if (idleCheckInterval.isNegative() || idleCheckInterval.isZero()) {
            throw new IllegalArgumentException("idleCheckInterval must be positive, was " + idleCheckInterval);
        }
        if (BatchChunker.largestRecordBytes(pipeline, batchIdPrefix, chunkMaxBytes) < 1) {
            throw new IllegalArgumentException("chunkMaxBytes " + chunkMaxBytes + " leaves no room for records");
        }
    }

    /**
     * Whether each input partition's task writes its part of every window (several input partitions) rather than the
     * whole window (one).
     */
    public boolean writesParts() {
        return inputPartitions > 1;
    }

    /**
     * Records at which a part closes early: {@code window.max.records} shared evenly among the input partitions (at
     * least 1), so that an assembled window never holds more than {@code window.max.records}.
     */
    public int partMaxRecords() {
        return Math.max(1, maxRecords / inputPartitions);
    }

    /** The largest record datum (single-object encoding minus its header) that fits alone in a chunk. */
    public int largestRecordBytes() {
        return BatchChunker.largestRecordBytes(pipeline, batchIdPrefix, chunkMaxBytes);
    }

    /** The settings of the live stream. */
    public static WindowerSettings of(PipelineConfig pipeline, TopologyOptions options) {
        return of(pipeline, options, pipeline.windowIdleClose(), options.partitionIdle(), pipeline.pipelineName(), null);
    }

    /**
     * The settings of a backfill run: the live stream's geometry and limits, the run's idle time (which closes its last
     * windows once its range is read, and after which a partition without records tells the trainer it is idle),
     * batch ids of its own and the run in every manifest.
     */
    public static WindowerSettings backfill(PipelineConfig pipeline, TopologyOptions options, BackfillRequest request) {
        return of(pipeline, options, request.idleClose(), request.idleClose(),
                BatchIds.backfillPrefix(pipeline.pipelineName(), request.runId()), request.marker());
    }

    private static WindowerSettings of(PipelineConfig pipeline, TopologyOptions options, Duration idleClose,
                                       Duration partitionIdle, String batchIdPrefix, BackfillRun backfill) {
        return new WindowerSettings(
                pipeline.pipelineName(),
                pipeline.topics().records(),
                pipeline.topics().scoreRequests(),
                new WindowGeometry(pipeline.windowSize().toMillis(), pipeline.windowGrace().toMillis()),
                pipeline.windowMaxRecords(),
                idleClose,
                partitionIdle,
                options.idleCheckInterval(),
                pipeline.batchChunkMaxBytes(),
                pipeline.featureSpec().featureNames(),
                options.inputPartitions(),
                batchIdPrefix,
                backfill);
    }
}
