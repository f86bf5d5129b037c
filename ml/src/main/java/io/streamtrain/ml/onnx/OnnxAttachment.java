package io.streamtrain.ml.onnx;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The step before publishing: writes the trained model's graph and checks it with ONNX Runtime on the evaluation
 * rows ({@link OnnxVerification}). A model whose graph cannot be written, does not run or disagrees with the native
 * model is refused with the reason; it is never published without its checked graph.
 */
public final class OnnxAttachment {

    private final GraphWriter writer;

    /** Writes graphs with {@code writer}: {@link OnnxExport#of} in production, a broken writer in tests of the refusal. */
    public OnnxAttachment(GraphWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** The outcome of {@link #attach}. */
    public sealed interface Result {
    }

    /** The graph agreed with the native model; {@code graph} goes into the envelope. */
    public record Attached(OnnxGraph graph) implements Result {
        public Attached {
            Objects.requireNonNull(graph, "graph");
        }
    }

    /** No graph can be published with the model; {@code reason} says why. */
    public record Refused(String reason) implements Result {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Writes {@code model}'s graph and checks it on {@code evaluationRows}.
     *
     * @param classes the envelope's class names; empty for regression
     */
    public Result attach(List<FeatureDefinition> features, FittedPreprocessing preprocessing, List<String> classes, Object model,
                         List<CleanRecord> evaluationRows) {
        byte[] graph;
        try {
            graph = writer.write(features, preprocessing, classes, model);
        } catch (UnsupportedModelException | RuntimeException e) {
            return new Refused("the model has no ONNX graph: " + e.getMessage());
        }
        OnnxVerification.Result check = OnnxVerification.check(graph, features, new FeatureTransformer(features, preprocessing),
                classes, model, evaluationRows);
        if (check.disagreement().isPresent()) {
            return new Refused("the ONNX graph disagrees with the model on the evaluation rows: " + check.disagreement().get());
        }
        return new Attached(new OnnxGraph(ByteBuffer.wrap(graph), ModelDigest.sha256Hex(graph), (long) check.rows(),
                check.maxDifference(), OnnxVerification.TOLERANCE));
    }
}
