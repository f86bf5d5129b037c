package io.streamtrain.scorer.model;

import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.scorer.model.EnvelopeCheck.Checked;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Versions of the model history loaded on demand, for a request that asks for a version other than the served one.
 * Each is trusted exactly as a served model is: its signature is verified and its features compared with the
 * pipeline's ({@link EnvelopeCheck}) before {@link ModelLoading} loads it (pipeline, digest, deserialization
 * allow-list, probe prediction). Looking a version up never changes the served model.
 *
 * <p>The {@link #CACHED} most recently used versions stay loaded; a refused or unknown version is looked up again
 * each time, as the history may have gained it since. Thread-safe.
 */
public final class ModelVersions {

    /** How many loaded versions are kept, the least recently used one leaving first. */
    public static final int CACHED = 4;

    /** The outcome of a look-up. */
    public sealed interface Lookup {
        /** The version, verified and loaded. */
        record Found(ScoringModel model) implements Lookup {
        }

        /** The history holds no such version. */
        record Unknown() implements Lookup {
        }

        /** The version is in the history but must not be used; {@code reason} says why in one line. */
        record Refused(String reason) implements Lookup {
        }
    }

    private final String pipeline;
    private final EnvelopeCheck check;
    private final ModelLoading loading;
    private final LongFunction<Optional<ConsumerRecord<String, byte[]>>> history;
    private final Map<Long, ScoringModel> loaded = new LinkedHashMap<>(CACHED + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ScoringModel> eldest) {
            return size() > CACHED;
        }
    };

    /**
     * @param history a version's record of the model history as stored, signature unverified (for example
     *                {@code ModelRegistry::historyRecord}); may block for a bounded time
     */
    public ModelVersions(FeatureSpec spec, ModelVerifier verifier, ModelLoading loading, String pipeline,
                         LongFunction<Optional<ConsumerRecord<String, byte[]>>> history) {
        this.check = new EnvelopeCheck(Objects.requireNonNull(spec, "spec").definitions(), verifier);
        this.loading = Objects.requireNonNull(loading, "loading");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.history = Objects.requireNonNull(history, "history");
    }

    /** Version {@code version} of the history, loaded, or why not. Never throws for a bad record. */
    public Lookup find(long version) {
        synchronized (loaded) {
            ScoringModel model = loaded.get(version);
            if (model != null) {
                return new Lookup.Found(model);
            }
        }
        // Read and loaded outside the lock, so one slow history read does not hold up requests for cached versions.
        Optional<ConsumerRecord<String, byte[]>> record = history.apply(version);
        if (record.isEmpty()) {
            return new Lookup.Unknown();
        }
        return switch (check.check(record.get().value(), record.get().headers())) {
            case Checked.Invalid invalid -> new Lookup.Refused(invalid.reason());
            case Checked.Valid valid -> load(version, valid.envelope());
        };
    }

    private Lookup load(long version, ModelEnvelope envelope) {
        if (envelope.getVersion() != version) {
            return new Lookup.Refused("the history's record of version " + version + " holds version " + envelope.getVersion());
        }
        ScoringModel model;
        try {
            model = loading.load(envelope, pipeline);
        } catch (ModelRejectedException e) {
            return new Lookup.Refused(e.getMessage());
        }
        synchronized (loaded) {
            loaded.put(version, model);
        }
        return new Lookup.Found(model);
    }
}
