package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.input.InputFile;
import io.streamtrain.launcher.input.InputFormat;
import io.streamtrain.launcher.produce.DeadLetterSummary;
import io.streamtrain.launcher.produce.FileProducer;
import io.streamtrain.streams.StreamsAppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends a CSV or JSON Lines file to a pipeline's input topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Sends every record of a CSV file (header row naming the fields, one record per line) or a JSON Lines file "
                + "(one JSON object per line) to the pipeline's input topic, showing progress and records/s.",
                "CSV cells are typed by the pipeline's input schema. A CSV file whose header lacks a field the schema requires is "
                        + "refused before anything is sent (missing-field). Records the pipeline refuses are not dropped here: the "
                        + "streams-app dead-letters them, the summary at the end counts them by reason, and the exit status is 1."})
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    PipelineSelection selection;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "A .csv or .jsonl file.")
    Path file;

    @Option(names = "--dead-letter-wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the streams-app to read the records before counting dead letters; 0s skips the "
                    + "count (default: ${DEFAULT-VALUE}).")
    Duration deadLetterWait;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = selection.pipeline();
        InputFormat format = InputFile.check(file, pipeline.inputSchema(), pipeline.featureSpec().idField());
        ClusterCheck.requireReachable(pipeline.kafka().properties());
        Map<String, Object> clients = pipeline.kafka().properties();
        PrintStream out = System.out;
        String topic = pipeline.topics().records();
        DeadLetterSummary deadLetters = new DeadLetterSummary(clients, pipeline.topics().deadLetters(),
                new StreamsAppConfig(PipelineDefinition.of(pipeline)).applicationId());
        Map<TopicPartition, Long> mark = deadLetters.mark();
        out.printf("Sending %s (%s) to %s%n", file, format.name().toLowerCase(Locale.ROOT), topic);
        FileProducer.Outcome outcome = new FileProducer(clients, topic, pipeline.inputSchema(), pipeline.featureSpec().idField())
                .send(file, format, System.err, System.console() != null);
        out.printf(Locale.ROOT, "Sent %,d records in %.1f s: %,.0f records/s; %,d acknowledged, %,d failed%n", outcome.sent(),
                outcome.elapsedNanos() / 1e9, outcome.recordsPerSecond(), outcome.acknowledged(), outcome.failed());
        if (outcome.firstError() != null) {
            out.println("First send error: " + outcome.firstError());
        }
        if (outcome.blankLines() > 0) {
            out.printf("Skipped %,d blank lines%n", outcome.blankLines());
        }
        if (outcome.unconvertedRows() > 0) {
            out.printf("%,d CSV rows did not split into the header's cells; they were sent as raw text and will be dead-lettered%n",
                    outcome.unconvertedRows());
        }
        long deadLettered = summarizeDeadLetters(deadLetters, mark, outcome, out);
        return outcome.failed() == 0 && outcome.unconvertedRows() == 0 && deadLettered == 0 ? ExitCode.OK : ExitCode.PARTIAL_FAILURE;
    }

    /** Prints the dead letters of the run by reason and returns their number (0 when not counted). */
    private long summarizeDeadLetters(DeadLetterSummary deadLetters, Map<TopicPartition, Long> mark, FileProducer.Outcome outcome,
                                      PrintStream out) throws Exception {
        if (deadLetterWait.isZero() || outcome.acknowledged() == 0) {
            return 0;
        }
        out.printf("Waiting up to %ds for the streams-app to read them ...%n", deadLetterWait.toSeconds());
        Optional<Map<String, Long>> reasons = deadLetters.count(mark, outcome.ranges(), deadLetterWait);
        if (reasons.isEmpty()) {
            out.println("Dead letters: not counted, the streams-app had not read every record within " + deadLetterWait
                    + " (is it running?)");
            return 0;
        }
        long total = reasons.get().values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            out.println("Dead letters: none; every record was accepted");
        } else {
            out.printf("Dead letters: %,d of %,d records, by reason %s; 'streamtrain dlq' shows why%n", total, outcome.acknowledged(),
                    reasons.get());
        }
        return total;
    }
}
