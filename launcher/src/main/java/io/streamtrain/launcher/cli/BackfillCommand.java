package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.launcher.backfill.BackfillRange;
import io.streamtrain.launcher.backfill.BackfillRunner;
import io.streamtrain.launcher.backfill.RangeLocator;
import io.streamtrain.launcher.backfill.TimeArgument;
import io.streamtrain.launcher.backfill.TrainedWindow;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Re-windows historical records of a pipeline's input topic and has the trainer train backfill models on them. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Re-windows the records still in the pipeline's input topic whose Kafka timestamp lies in [--from, --to) "
                + "(located with offsetsForTimes; without --to, up to the topic's end when the command starts), with the "
                + "pipeline's own validation and window size, grace and record cap, while the live pipeline keeps running. "
                + "Give it the pipeline's configuration file (--config): the schema and window keys come from it.",
                "The windows go to <p>.batches as this run's batches; the running trainer trains them with the pipeline's split, "
                        + "preprocessing and algorithm and records each model in <p>.model-history with status BACKFILL and the run in "
                        + "its lineage. They never replace the champion: promote one with 'models rollback <version>'.",
                "The run has its own Kafka Streams application id (<application id>-backfill-<run>): the live streams-app's "
                        + "group, offsets and state are not touched. Records the pipeline refuses are counted, not dead-lettered again."})
public final class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineSelection selection;

    @Option(names = "--from", required = true, paramLabel = "TIME", converter = TimeArgument.class,
            description = "Start of the range, inclusive: an ISO-8601 instant (2026-11-24T05:00:00Z) or epoch milliseconds.")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeArgument.class,
            description = "End of the range, exclusive, in the same forms (default: the input topic's end when the command starts).")
    Instant to;

    @Option(names = "--idle-close", paramLabel = "DURATION", defaultValue = "2s",
            description = "How long without a record before the run's open windows close; once the range is read, this closes "
                    + "its last windows (default: ${DEFAULT-VALUE}).")
    Duration idleClose;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Longest time to re-window the range (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--train-wait", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait afterwards for the trainer to train the run's windows; 0s does not wait "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration trainWait;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = selection.pipeline();
        if (pipeline.mode() == PipelineMode.TRANSIENT) {
            spec.commandLine().getErr().println("backfill: pipeline " + pipeline.pipelineName() + " runs with "
                    + PipelineConfig.PIPELINE_MODE_CONFIG + "=transient and stores no models: there is nothing to backfill");
            return ExitCode.USAGE;
        }
        ClusterCheck.requireReachable(pipeline.kafka().properties());
        BackfillRunner.Settings settings = new BackfillRunner.Settings(idleClose, timeout, trainWait);
        BackfillRange range;
        try {
            range = RangeLocator.locate(pipeline, from, Optional.ofNullable(to));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("backfill: " + e.getMessage());
            return 2;
        }
        PrintStream out = System.out;
        BackfillRunner.Outcome outcome = new BackfillRunner(pipeline, settings, out).run(BackfillRunner.newRunId(), range);
        out.printf("Backfill run %s: %,d records read, %,d windowed into %d windows, %,d refused %s%n", outcome.runId(), outcome.read(),
                outcome.windowed(), outcome.windows().size(), outcome.refused().values().stream().mapToLong(Long::longValue).sum(),
                outcome.refused());
        List<Long> versions = outcome.trained().stream().filter(TrainedWindow::madeModel).map(TrainedWindow::version).toList();
        out.printf("Backfill models: %d recorded in %s with status BACKFILL (versions %s), %d windows made no model%n", versions.size(),
                pipeline.topics().modelHistory(), versions, outcome.trained().size() - versions.size());
        if (!outcome.complete() && !trainWait.isZero()) {
            out.printf("%d windows are not trained yet: they wait in %s until the trainer runs; list the models with 'models list'%n",
                    outcome.windows().size() - outcome.trained().size(), pipeline.topics().batches());
            return 1;
        }
        return 0;
    }
}
