package io.streamtrain.ml.train;

import io.streamtrain.messages.BatchManifest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the newest rows of a training request come from, which is what the model's lineage records: a window of the
 * batches topic, or the rows of one REST request (per-request training, which stores nothing).
 */
public sealed interface TrainingSource {

    /** The feature names the rows were extracted with, checked against the pipeline's features before a fit. */
    List<String> featureNames();

    /** A window of the batches topic, described by its manifest (bounds, counts, source ranges). */
    record Window(BatchManifest manifest) implements TrainingSource {

        public Window {
            Objects.requireNonNull(manifest, "manifest");
        }

        @Override
        public List<String> featureNames() {
            // Copied because Avro's decoded arrays compare by schema as well as by elements.
            return List.copyOf(manifest.getFeatureNames());
        }
    }

    /**
     * The training rows of one REST request.
     *
     * @param requestId  the request's id
     * @param receivedAt when the request was read, both bounds of the model's lineage window
     */
    record Request(String requestId, Instant receivedAt, List<String> featureNames) implements TrainingSource {

        /** The source topic a request's lineage names: none, the rows came over HTTP. */
        public static final String SOURCE = "request";

        public Request {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(receivedAt, "receivedAt");
            featureNames = List.copyOf(featureNames);
        }
    }
}
