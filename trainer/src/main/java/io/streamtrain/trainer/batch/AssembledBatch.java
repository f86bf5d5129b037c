package io.streamtrain.trainer.batch;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import java.util.List;
import java.util.Objects;

/**
 * A complete batch: its manifest and every record of its chunks, in chunk order.
 *
 * @param batchId        the batch's id
 * @param manifest       the manifest that completed it
 * @param records        the records of chunks 0 to chunkCount - 1, in that order
 * @param firstOffset    offset of the batch's first message in its partition
 * @param manifestOffset offset of its manifest; the partition is consumed up to here once the batch is done
 */
public record AssembledBatch(String batchId, BatchManifest manifest, List<CleanRecord> records,
                             long firstOffset, long manifestOffset) {

    public AssembledBatch {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(manifest, "manifest");
        records = List.copyOf(records);
        if (firstOffset < 0 || firstOffset > manifestOffset) {
            throw new IllegalArgumentException("offsets must satisfy 0 <= firstOffset <= manifestOffset, were "
                    + firstOffset + " and " + manifestOffset);
        }
    }
}
