package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.TrialResult;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegisteredModel;
import io.streamtrain.registry.RegistryClients;
import io.streamtrain.scorer.api.RegistryAdmin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model registry of a pipeline: its versions, rollback, pinning and trials. Every change is audited on the events topic. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists, shows, rolls back and pins the models of a pipeline (--pipeline, or the one --config defines), "
                + "and ends a trial early.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Rollback.class,
                ModelsCommand.Pin.class, ModelsCommand.Unpin.class, ModelsCommand.EndTrial.class, ExportModelCommand.class})
public final class ModelsCommand {

    /** Options of every models subcommand. */
    static final class RegistryOptions {

        @Mixin
        PipelineSelection selection;

        @Option(names = "--operator", paramLabel = "NAME",
                description = "Who acts, named in the audit events (default: cli:<user name>).")
        String operator;

        @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
                description = "Longest wait for the cluster: 30s, 5m, ... or ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        ModelRegistry open() {
            PipelineConfig pipeline = selection.pipeline();
            // A missing verify key is a configuration error, reported before the cluster is asked anything.
            ModelVerifier verifier = new TrustConfig(selection.configuration()).verifier();
            ClusterCheck.requireReachable(pipeline.kafka().properties());
            return new ModelRegistry(new RegistryClients(pipeline.kafka(), "streamtrain-" + pipeline.pipelineName() + "-cli"),
                    pipeline.topics(), pipeline.pipelineName(), verifier, operator(), Clock.systemUTC(), timeout);
        }

        String operator() {
            return operator != null && !operator.isBlank() ? operator : "cli:" + System.getProperty("user.name", "unknown");
        }
    }

    /** A models subcommand that acts on the open registry; the registry is closed however it ends. */
    abstract static class RegistryCommand implements Callable<Integer> {

        @Mixin
        RegistryOptions registry;

        @Override
        public final Integer call() {
            try (ModelRegistry models = registry.open()) {
                run(models);
            }
            return 0;
        }

        /** What the subcommand does with the registry, printing its answer. */
        abstract void run(ModelRegistry models);
    }

    /** {@code models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every version: status in the dashboard's and the REST API's words (champion, pinned, superseded, "
                    + "rolled back, rejected, held, backfill), test-split metrics, window, creation time, signature; * marks "
                    + "the current model.")
    static final class ListModels extends RegistryCommand {

        @Override
        void run(ModelRegistry models) {
            List<RegisteredModel> versions = models.list();
            OptionalLong current = models.currentVersion();
            OptionalLong pinned = pinnedVersion(models);
            System.out.printf("%-9s %-12s %-44s %-41s %-24s %s%n", "VERSION", "STATUS", "METRICS", "WINDOW", "CREATED",
                    "SIGNATURE");
            for (RegisteredModel model : versions) {
                ModelEnvelope envelope = model.envelope();
                boolean isCurrent = current.isPresent() && current.getAsLong() == model.version();
                System.out.printf("%-9s %-12s %-44s %-41s %-24s %s%n", model.version() + (isCurrent ? " *" : ""),
                        RegistryAdmin.statusWord(model.version(), model.status(), current, pinned), metrics(envelope.getMetrics()),
                        envelope.getLineage().getWindowStart() + ".." + envelope.getLineage().getWindowEnd().toString()
                                .substring(11), envelope.getCreatedAt(), model.signatureValid() ? "valid" : "INVALID");
            }
            models.pin().filter(pin -> pin.getPinned()).ifPresent(pin -> System.out.println(
                    "pinned to version " + pin.getVersion() + " by " + pin.getOperator() + " at " + pin.getTime()));
        }
    }

    /** {@code models show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "The full metadata of one version: algorithm, hyperparameters, features, preprocessing, "
                    + "metrics (and a regression model's residuals), gate decision, lineage and the windows it learned from, "
                    + "digest, signature.")
    static final class Show extends RegistryCommand {

        @Parameters(index = "0", paramLabel = "VERSION", description = "The version to show.")
        long version;

        @Override
        void run(ModelRegistry models) {
            RegisteredModel model = models.show(version).orElseThrow(() -> new IllegalStateException("version " + version
                    + " is not in the model history; 'streamtrain models list' shows the versions"));
            ModelEnvelope envelope = model.envelope();
            System.out.println("version:    " + envelope.getVersion() + " (" + RegistryAdmin.statusWord(model.version(),
                    model.status(), models.currentVersion(), pinnedVersion(models)) + ")");
            System.out.println("algorithm:  " + envelope.getAlgorithm() + " " + new TreeMap<>(envelope.getHyperparameters()));
            if (envelope.getTuning() != null) {
                System.out.println("tuning:     " + tuning(envelope.getTuning()));
            }
            System.out.println("metrics:    " + metrics(envelope.getMetrics()));
            if (envelope.getTask() == Task.REGRESSION) {
                System.out.println("residuals:  " + residuals(envelope.getResiduals()));
            }
            PromotionDecision gate = envelope.getPromotion();
            System.out.println("gate:       " + (gate == null ? "(before the gate)" : gate.getReason()));
            if (gate != null && gate.getTrial() != null) {
                System.out.println("trial:      " + trial(gate.getTrial()));
            }
            System.out.println("model:      " + model.modelSize() + " bytes, sha256 " + envelope.getModelSha256()
                    + ", Smile " + envelope.getSmileVersion());
            System.out.println("signature:  " + (model.signatureValid() ? "valid" : model.signature()));
            System.out.println("created:    " + envelope.getCreatedAt() + " in " + envelope.getTrainingMillis() + " ms");
            System.out.println("lineage:    " + envelope.getLineage());
            System.out.println("window:     " + completeness(envelope.getLineage()));
            System.out.println("horizon:    " + horizon(envelope.getLineage().getHorizon()));
            System.out.println("features:   " + envelope.getFeatureSchema());
            System.out.println("preprocess: " + envelope.getPreprocessing());
        }
    }

    /**
     * A regression model's residual summary on one line and its histogram on the next; models from before residual
     * summaries have none.
     */
    static String residuals(ResidualSummary residuals) {
        if (residuals == null) {
            return "(published before residual summaries)";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "label - prediction on %d test rows: mean=%.4g sd=%.4g",
                residuals.getCount(), residuals.getMean(), residuals.getStandardDeviation()));
        for (int i = 0; i < residuals.getQuantileLevels().size(); i++) {
            text.append(String.format(Locale.ROOT, " %s=%.4g", quantileName(residuals.getQuantileLevels().get(i)),
                    residuals.getQuantiles().get(i)));
        }
        List<Double> edges = residuals.getHistogramEdges();
        text.append(System.lineSeparator()).append(String.format(Locale.ROOT, "            histogram from %.4g to %.4g: ",
                edges.getFirst(), edges.getLast())).append(residuals.getHistogramCounts().stream().map(String::valueOf)
                .collect(Collectors.joining(" ")));
        return text.toString();
    }

    /**
     * How a {@code model.tuning} search chose the hyperparameters: the search on one line, then each candidate with its
     * mean validation score over the folds (the chosen one marked {@code *}) and its outcome.
     */
    static String tuning(TuningReport tuning) {
        // Models from before cross-validation (one fold) held validationRows out besides fitRows.
        String validation = tuning.getFolds() > 1
                ? String.format(Locale.ROOT, "mean of %d folds of %,d train rows", tuning.getFolds(), tuning.getFitRows())
                : String.format(Locale.ROOT, "%,d validation rows beside %,d", tuning.getValidationRows(), tuning.getFitRows());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s search by %s (%s), %d candidates in %,d of %,d ms%s",
                tuning.getMode(), tuning.getMetric(), validation, tuning.getCandidates().size(), tuning.getElapsedMillis(),
                tuning.getBudgetMillis(), tuning.getBudgetExhausted() ? ", budget ended" : ""));
        for (int i = 0; i < tuning.getCandidates().size(); i++) {
            TuningCandidate candidate = tuning.getCandidates().get(i);
            text.append(System.lineSeparator()).append(String.format(Locale.ROOT, "          %s %s=%s %s %s",
                    i == tuning.getChosen() ? "*" : " ", tuning.getMetric(), score(candidate.getScore()),
                    new TreeMap<>(candidate.getHyperparameters()), candidate.getOutcome()));
        }
        return text.toString();
    }

    /**
     * How a trial on live traffic decided a version, on one line: decision, labelled requests, both live scores, the
     * paired test, and who ended it early and why.
     */
    static String trial(TrialResult trial) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s %s after %d labelled requests (%s to %s); live %s champion %s, "
                        + "challenger %s", trial.getStrategy(), trial.getDecision(), trial.getOutcomes(), trial.getStartedAt(), trial.getDecidedAt(),
                trial.getScoreName(), score(trial.getChampionScore()), score(trial.getChallengerScore())));
        if (trial.getChampionOnlyRight() != null) {
            text.append(String.format(Locale.ROOT, "; only champion right %d, only challenger right %d", trial.getChampionOnlyRight(),
                    trial.getChallengerOnlyRight()));
        }
        if (trial.getMeanDifference() != null) {
            text.append(String.format(Locale.ROOT, "; mean squared-error difference %.4g", trial.getMeanDifference()));
        }
        text.append(String.format(Locale.ROOT, "; %s statistic %.4g, p-value %.4g", trial.getTest(), trial.getStatistic(), trial.getPValue()));
        if (trial.getOperator() != null) {
            text.append("; ended early by ").append(trial.getOperator());
            if (trial.getOperatorAskedAt() != null) {
                text.append(" at ").append(trial.getOperatorAskedAt());
            }
            if (!trial.getOperatorReason().isBlank()) {
                text.append(": ").append(trial.getOperatorReason());
            }
        }
        return text.toString();
    }

    private static String score(Double score) {
        return score == null ? "none" : String.format(Locale.ROOT, "%.4f", score);
    }

    /** min, p5, p25, median, p75, p95 and max, as the dashboard names them. */
    private static String quantileName(double level) {
        return level == 0 ? "min" : level == 1 ? "max" : level == 0.5 ? "median" : "p" + Math.round(level * 100);
    }

    /** The version the pipeline is pinned to, if any. */
    private static OptionalLong pinnedVersion(ModelRegistry models) {
        return models.pin().filter(pin -> pin.getPinned()).map(pin -> OptionalLong.of(pin.getVersion())).orElse(OptionalLong.empty());
    }

    /** Whether the model's own window had every input partition's part, or which ones it was trained without. */
    static String completeness(Lineage lineage) {
        List<Integer> missing = lineage.getMissingInputPartitions();
        return missing.isEmpty() ? "complete"
                : "incomplete: assembled on trainer.window.assembly.timeout.ms without input partitions " + missing;
    }

    /** The windows a model learned from, one per line after a summary; models from before horizons learned from one. */
    static String horizon(HorizonFacts horizon) {
        if (horizon == null) {
            return "(before training horizons: the lineage's window only)";
        }
        StringBuilder text = new StringBuilder().append(horizon.getWindows().size()).append(" windows, ")
                .append(horizon.getRowsUsed()).append(" of ").append(horizon.getRowsAvailable()).append(" rows used (sampling ")
                .append(horizon.getSampling()).append(", evaluation ").append(horizon.getEvaluation()).append(", ")
                .append(horizon.getRefit() ? "refit on every row" : "not refit").append(")");
        for (LineageWindow window : horizon.getWindows()) {
            text.append(System.lineSeparator()).append("            ").append(window.getBatchId()).append(" ")
                    .append(window.getWindowStart()).append("..").append(window.getWindowEnd()).append(", batches ")
                    .append(window.getBatchesPartition()).append("@").append(window.getFirstOffset()).append("-")
                    .append(window.getManifestOffset()).append(", ").append(window.getRowsUsed()).append(" of ")
                    .append(window.getRows()).append(" rows");
        }
        return text.toString();
    }

    /** {@code models rollback}. */
    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Re-publishes an earlier version, signature and all, as the current model; scorers switch at "
                    + "their next poll. The trainer's next model competes with it through the gate (pin to keep it).")
    static final class Rollback extends RegistryCommand {

        @Parameters(index = "0", paramLabel = "VERSION", description = "The version to make current.")
        long version;

        @Override
        void run(ModelRegistry models) {
            OptionalLong previous = models.currentVersion();
            models.rollback(version, registry.operator());
            System.out.println(rollbackAnswer(previous, version));
        }
    }

    /** What a rollback did, from which version to which, as the REST API's answer says it. */
    static String rollbackAnswer(OptionalLong previous, long version) {
        return previous.isPresent()
                ? "rolled back from version " + previous.getAsLong() + " to version " + version + ", now the current model"
                : "version " + version + " is now the current model (there was none)";
    }

    /** {@code models pin}. */
    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "Pins the current model, or VERSION (rolled back to first): new models are trained and "
                    + "recorded but not promoted until unpin.")
    static final class Pin extends RegistryCommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The version to pin (default: the current one).")
        Long version;

        @Option(names = "--reason", defaultValue = "", description = "Why, for the audit event.")
        String reason;

        @Override
        void run(ModelRegistry models) {
            long pinned = models.pin(version == null ? OptionalLong.empty() : OptionalLong.of(version),
                    registry.operator(), reason);
            System.out.println("pinned to version " + pinned);
        }
    }

    /** {@code models unpin}. */
    @Command(name = "unpin", mixinStandardHelpOptions = true,
            description = "Lifts the pin: new models are promoted again through the gate.")
    static final class Unpin extends RegistryCommand {

        @Option(names = "--reason", defaultValue = "", description = "Why, for the audit event.")
        String reason;

        @Override
        void run(ModelRegistry models) {
            models.unpin(registry.operator(), reason);
            System.out.println("unpinned");
        }
    }

    /** {@code models trial-end}. */
    @Command(name = "trial-end", mixinStandardHelpOptions = true,
            description = "Ends the trial of challenger VERSION now, promoting it (--promote) or dropping it (--drop) with the "
                    + "evidence so far; the trainer publishes the decision (a TRIAL_DECIDED event naming the operator).")
    static final class EndTrial extends RegistryCommand {

        /** Exactly one of the two decisions. */
        static final class Decision {
            @Option(names = "--promote", required = true, description = "Promote the challenger.")
            boolean promote;

            @Option(names = "--drop", required = true, description = "Drop the challenger; the champion stays.")
            boolean drop;
        }

        @Parameters(index = "0", paramLabel = "VERSION", description = "The challenger on trial.")
        long version;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        @Option(names = "--reason", defaultValue = "", description = "Why, for the audit event.")
        String reason;

        @Override
        void run(ModelRegistry models) {
            models.endTrial(version, decision.promote, registry.operator(), reason);
            System.out.println("asked the trainer to end the trial of version " + version + " by "
                    + (decision.promote ? "promoting" : "dropping") + " it");
        }
    }

    private static String metrics(Map<String, Double> metrics) {
        return new TreeMap<>(metrics).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s=%.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
