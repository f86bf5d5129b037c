package io.streamtrain.trainer.batch;

import io.streamtrain.messages.BatchManifest;
import java.util.Objects;
import java.util.Optional;

/** What a message did to its batch, when it decided the batch. */
public sealed interface AssemblyResult {

    /** The batch is complete and ready to train. */
    record Complete(AssembledBatch batch) implements AssemblyResult {
        public Complete {
            Objects.requireNonNull(batch, "batch");
        }
    }

    /**
     * The batch will never be trained; its remaining messages are ignored.
     *
     * @param batchId      the batch's id
     * @param reason       one line saying why
     * @param offset       offset of the message that decided it
     * @param manifest     the batch's manifest, if it had arrived
     * @param recordsHeld  records of the batch that had arrived
     */
    record Rejected(String batchId, String reason, long offset, Optional<BatchManifest> manifest, long recordsHeld)
            implements AssemblyResult {
        public Rejected {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(manifest, "manifest");
        }
    }
}
