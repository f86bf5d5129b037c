package io.streamtrain.ml.onnx;

import ai.onnxruntime.OrtException;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.model.ServableModel;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model served from its ONNX graph, made only by {@link OnnxModelLoader}: scores raw records as the native model
 * does (the graph holds the preprocessing), through ONNX Runtime. Thread-safe. The native session is freed when the
 * model is closed or, for a model nobody closes (the scorer drops a replaced version and keeps no count of who still
 * scores with it), once the garbage collector finds it unreachable; otherwise every swapped-out version would keep
 * its native memory until the JVM ends.
 */
public final class OnnxLoadedModel implements ServableModel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxLoadedModel.class);
    private static final Cleaner SESSIONS = Cleaner.create();

    private final ModelEnvelope envelope;
    private final OnnxModel model;
    private final List<String> classes;
    private final Cleaner.Cleanable release;

    OnnxLoadedModel(ModelEnvelope envelope, OnnxModel model, List<String> classes) {
        this.envelope = envelope;
        this.model = model;
        this.classes = List.copyOf(classes);
        this.release = SESSIONS.register(this, new SessionRelease(model, envelope.getPipeline() + " v" + envelope.getVersion()));
    }

    /** The envelope the model was loaded from. */
    @Override
    public ModelEnvelope envelope() {
        return envelope;
    }

    /** The model's version within its pipeline. */
    public long version() {
        return envelope.getVersion();
    }

    /**
     * Predicts {@code record}'s class and the probability of every class, or its value for a regression model.
     *
     * @throws IllegalArgumentException when the record has a different number of features than the model
     * @throws IllegalStateException    when ONNX Runtime fails or a regression graph predicts a non-finite value
     */
    @Override
    public ScoredRecord score(CleanRecord record) {
        return scoreAll(List.of(record)).getFirst();
    }

    /**
     * Predicts every record of {@code records} with one ONNX Runtime call, in order: a call costs tens of
     * microseconds before any record is scored, so the scorer hands over a whole poll at once.
     *
     * @throws IllegalArgumentException when a record has a different number of features than the model
     * @throws IllegalStateException    when ONNX Runtime fails or a regression graph predicts a non-finite value; the
     *                                  caller cannot tell which record caused it, so it scores them one by one to find out
     */
    public List<ScoredRecord> scoreAll(List<CleanRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        OnnxModel.Predictions predictions;
        try {
            predictions = model.predict(records.stream().map(CleanRecord::getFeatures).toList());
        } catch (OrtException e) {
            throw new IllegalStateException("model " + envelope.getPipeline() + " v" + version() + ": ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            // This model must stay reachable while its session runs, or the cleaner could close the session under it.
            Reference.reachabilityFence(this);
        }
        List<ScoredRecord> scored = new ArrayList<>(records.size());
        for (int row = 0; row < records.size(); row++) {
            scored.add(classes.isEmpty() ? value(predictions.values()[row]) : classified(predictions, row));
        }
        return scored;
    }

    private ScoredRecord value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("model " + envelope.getPipeline() + " v" + version() + " predicted the non-finite value " + value);
        }
        return ScoredRecord.ofValue(value);
    }

    private ScoredRecord classified(OnnxModel.Predictions predictions, int row) {
        double[] probabilities = predictions.probabilities()[row];
        @SuppressWarnings("unchecked")
        Map.Entry<String, Double>[] entries = new Map.Entry[classes.size()];
        for (int c = 0; c < entries.length; c++) {
            entries[c] = Map.entry(classes.get(c), probabilities[c]);
        }
        return ScoredRecord.ofClass(predictions.labels()[row], Map.ofEntries(entries));
    }

    /** Frees the native session now; scoring afterwards fails. Idempotent. */
    @Override
    public void close() {
        release.clean();
    }

    /** Closes a session; holds no reference to its model, so that the model can become unreachable. */
    private record SessionRelease(OnnxModel session, String name) implements Runnable {
        @Override
        public void run() {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing the ONNX Runtime session of model {} failed", name, e);
            }
        }
    }
}
