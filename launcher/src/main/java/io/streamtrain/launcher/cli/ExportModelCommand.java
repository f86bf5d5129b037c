package io.streamtrain.launcher.cli;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.onnx.OnnxGraphBytes;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegisteredModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code models export}: writes one version's ONNX graph (its preprocessing and model) to a file, for scoring outside
 * streamtrain. The version is read from the model history; its signature must verify and the graph's bytes must hash
 * to the SHA-256 the signed envelope records, so the file holds exactly what the trainer checked and signed.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the ONNX graph of VERSION (the fitted preprocessing and the model, as the trainer checked it "
                + "against the native model) to --out, after verifying the version's signature and the graph's SHA-256.",
                "The graph takes one [N,1] input per feature, named as the feature (double for numbers and booleans, NaN when "
                        + "missing; string for categories, \"\" when missing) and answers label and probabilities, or value."})
final class ExportModelCommand implements Callable<Integer> {

    /** The one format there is: the envelope's ONNX graph. The option exists so that scripts say what they expect. */
    private static final String ONNX = "onnx";

    @Mixin
    ModelsCommand.RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "VERSION", description = "The version to export.")
    long version;

    @Option(names = "--format", defaultValue = ONNX, paramLabel = "FORMAT",
            description = "What to write; onnx is the only format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the graph; replaced if it exists.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!ONNX.equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("--format " + format + " is not a format models export in; use --format onnx");
        }
        RegisteredModel model;
        try (ModelRegistry models = registry.open()) {
            model = models.show(version).orElseThrow(() -> new IllegalStateException("version " + version
                    + " is not in the model history ('streamtrain models list' shows the versions)"));
        }
        if (!model.signatureValid()) {
            throw new IllegalStateException("version " + version + " cannot be exported: its signature does not verify ("
                    + model.signature() + ")");
        }
        ModelEnvelope envelope = model.envelope();
        if (envelope.getOnnx() == null) {
            throw new IllegalStateException("version " + version + " has no ONNX graph: it was published before ONNX export existed");
        }
        byte[] graph;
        try {
            graph = OnnxGraphBytes.verified(envelope.getOnnx(), "version " + version);
        } catch (ModelRejectedException e) {
            throw new IllegalStateException("version " + version + " cannot be exported: " + e.getMessage(), e);
        }
        write(graph);
        System.out.printf(Locale.ROOT, "Wrote the ONNX graph of version %d of %s to %s: %,d bytes, sha256 %s%n", version,
                envelope.getPipeline(), out, graph.length, envelope.getOnnx().getSha256());
        System.out.println("inputs:  " + envelope.getFeatureSchema().getFeatures().stream().map(ExportModelCommand::input)
                .collect(Collectors.joining(", ")));
        System.out.println("outputs: " + (envelope.getTask() == Task.CLASSIFICATION
                ? "label [N] string, probabilities [N," + envelope.getFeatureSchema().getClasses().size() + "] double, columns "
                + envelope.getFeatureSchema().getClasses()
                : "value [N] double"));
        return ExitCode.OK;
    }

    /** Through a file beside the target, so that a failed write never leaves half a graph under the target's name. */
    private void write(byte[] graph) throws IOException {
        Path target = out.toAbsolutePath();
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            Files.write(partial, graph);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String input(FeatureDefinition feature) {
        return feature.getName() + " " + (switch (feature.getType()) {
            case NUMERIC, BOOLEAN -> "double";
            case CATEGORICAL -> "string";
        }) + " [N,1]";
    }
}
