package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.launcher.input.InputFile;
import io.streamtrain.launcher.input.InputFormat;
import io.streamtrain.launcher.score.ChampionReader;
import io.streamtrain.launcher.score.FileScorer;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.scorer.model.ModelRuntime;
import io.streamtrain.scorer.model.ScoringModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores a file with the pipeline's current model, in this process. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores every record of a CSV or JSON Lines file with the pipeline's current model (the champion on "
                + "<pipeline>.models), verified and loaded exactly as the scorer loads it (from the runtime the configuration's "
                + "scorer.model.runtime names: native, the default, or onnx), and writes one JSON line per record "
                + "to --out: the prediction, or the line number and the reason it could not be scored.",
                "A CSV file whose header lacks a field the schema requires is refused before scoring (missing-field); when records "
                        + "cannot be scored the exit status is 1.",
                "Runs in this process: no scorer needs to run, nothing is written to Kafka."})
public final class ScoreCommand implements Callable<Integer> {

    /** How often --wait looks for a model: a model takes seconds to train, so a second is prompt enough. */
    private static final Duration MODEL_POLL = Duration.ofSeconds(1);

    @Mixin
    PipelineSelection selection;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "A .csv or .jsonl file of records.")
    Path file;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the JSON lines; replaced if it exists.")
    Path out;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "0s",
            description = "How long to wait for the pipeline's first model when it has none yet (default: ${DEFAULT-VALUE}).")
    Duration waitForModel;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = selection.pipeline();
        InputFormat format = InputFile.check(file, pipeline.inputSchema(), pipeline.featureSpec().idField());
        // A missing verify key or a bad runtime is a configuration error, reported before the cluster is asked anything.
        ModelVerifier verifier = new TrustConfig(selection.configuration()).verifier();
        ModelRuntime runtime = runtime(selection.configuration());
        ClusterCheck.requireReachable(pipeline.kafka().properties());
        ModelEnvelope envelope = champion(pipeline, verifier)
                .orElseThrow(() -> new IllegalStateException("pipeline " + pipeline.pipelineName() + " has no model yet ("
                        + pipeline.topics().models() + " holds no model that verifies with the configured key"
                        + (waitForModel.isZero() ? "; --wait 1m waits for the first one" : " after waiting " + waitForModel.toSeconds()
                        + " s") + "; 'streamtrain models list' shows them)"));
        ScoringModel model;
        try {
            if (!pipeline.featureSpec().definitions().equals(envelope.getFeatureSchema().getFeatures())) {
                throw new ModelRejectedException("its features differ from the pipeline's input schema and feature.fields");
            }
            model = runtime.loading().load(envelope, pipeline.pipelineName());
        } catch (ModelRejectedException e) {
            throw new IllegalStateException("model version " + envelope.getVersion() + " of " + pipeline.pipelineName()
                    + " cannot be used: " + e.getMessage(), e);
        }
        System.out.printf("Scoring %s with model version %d of %s (%s=%s) ...%n", file, model.version(), pipeline.pipelineName(),
                ModelRuntime.CONFIG, runtime.name().toLowerCase(Locale.ROOT));
        long started = System.nanoTime();
        FileScorer.Outcome outcome = new FileScorer(pipeline, model).score(file, format, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        long refused = outcome.refusedByReason().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "Wrote %,d predictions to %s in %.1f s (%,.0f records/s)%s%n", outcome.predicted(), out, seconds,
                (outcome.predicted() + refused) / Math.max(seconds, 1e-9),
                refused == 0 ? "" : String.format(Locale.ROOT, "; %,d records could not be scored, by reason %s (their lines say why)",
                        refused, outcome.refusedByReason()));
        return refused == 0 ? ExitCode.OK : ExitCode.PARTIAL_FAILURE;
    }

    /**
     * The configuration's {@value ModelRuntime#CONFIG}, so that a file is scored from what the pipeline's scorers serve.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the key when the value is not a runtime
     */
    private static ModelRuntime runtime(Map<String, String> configuration) {
        String value = configuration.getOrDefault(ModelRuntime.CONFIG, ModelRuntime.DEFAULT);
        ModelRuntime.VALIDATOR.ensureValid(ModelRuntime.CONFIG, value);
        return ModelRuntime.of(value);
    }

    /** The current model, polled for up to --wait while there is none. */
    private Optional<ModelEnvelope> champion(PipelineConfig pipeline, ModelVerifier verifier) throws InterruptedException {
        long deadline = System.nanoTime() + waitForModel.toNanos();
        while (true) {
            Optional<ModelEnvelope> champion = ChampionReader.read(pipeline.kafka().properties(), pipeline.pipelineName(),
                    pipeline.topics().models(), verifier);
            if (champion.isPresent() || System.nanoTime() - deadline >= 0) {
                return champion;
            }
            Thread.sleep(MODEL_POLL.toMillis());
        }
    }
}
