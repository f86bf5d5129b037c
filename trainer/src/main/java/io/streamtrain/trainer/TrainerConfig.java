package io.streamtrain.trainer;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.config.ServiceConfig;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.topics.PipelineTopics;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The trainer's own settings, read from the pipeline's definition ({@link ServiceConfig}). Every key starts with
 * {@code trainer.}; other keys are ignored here.
 *
 * <p>Memory is bounded by {@link #BATCH_MAX_RECORDS_CONFIG} × ({@link #BATCH_MAX_PENDING_CONFIG} + 1) records
 * per assigned partition of the batches topic: the batches being assembled plus the one being trained.
 */
public final class TrainerConfig extends ServiceConfig {

    public static final String GROUP_ID_CONFIG = "trainer.group.id";
    private static final String GROUP_ID_DOC = "Consumer group of the trainer on the batches topic. "
            + "Empty means streamtrain-<pipeline.name>-trainer.";

    public static final String TRANSACTIONAL_ID_CONFIG = "trainer.transactional.id";
    private static final String TRANSACTIONAL_ID_DOC = "Transactional id of the trainer's producer. Empty means "
            + "streamtrain-<pipeline.name>-trainer. A pipeline has one active trainer: an instance starting with the "
            + "same id fences the running one, which stops, so a version number is never written by two writers.";

    public static final String BATCH_MAX_RECORDS_CONFIG = "trainer.batch.max.records";
    private static final String BATCH_MAX_RECORDS_DOC = "Largest batch, in records, the trainer assembles in memory. "
            + "A larger batch is dropped with a BATCH_SKIPPED event. Must be at least window.max.records.";

    public static final String WINDOW_ASSEMBLY_TIMEOUT_MS_CONFIG = "trainer.window.assembly.timeout.ms";
    private static final String WINDOW_ASSEMBLY_TIMEOUT_MS_DOC = "With several input partitions, the longest wait, from "
            + "the arrival of a window's first part, for every input partition's part or progress. A window still "
            + "unsettled then is trained from the parts that arrived, and its manifest and events name the missing "
            + "input partitions; a part arriving later is reported as a late part (BATCH_SKIPPED). The streams-app settles "
            + "windows within streams.partition.idle.ms and window.idle.close.ms, so this is a bound for a stuck or lost "
            + "streams-app task, not a wait of the normal case.";

    public static final String BATCH_MAX_PENDING_CONFIG = "trainer.batch.max.pending";
    private static final String BATCH_MAX_PENDING_DOC = "Most incomplete batches assembled at once per partition of "
            + "the batches topic (batches interleave when several stream threads write it). When one more starts, "
            + "the oldest incomplete batch is given up with a BATCH_SKIPPED event. With several input partitions every "
            + "partition's part of a window is assembled as a batch, and the streams-app tasks write them at the same time: "
            + "keep this at least twice input.partitions.";

    public static final String THREADS_CONFIG = "trainer.threads";
    private static final String THREADS_DOC = "Training threads. Batches of different partitions of the batches topic "
            + "train concurrently up to this many; one partition trains one batch at a time.";

    public static final String POLL_TIMEOUT_MS_CONFIG = "trainer.poll.timeout.ms";
    private static final String POLL_TIMEOUT_MS_DOC = "Longest wait of one consumer poll; also the longest delay "
            + "between a finished fit and the start of its publication.";

    public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "trainer.shutdown.timeout.ms";
    private static final String SHUTDOWN_TIMEOUT_MS_DOC = "How long closing the trainer waits for fits in progress "
            + "to finish and be published. Fits still running then are abandoned: their batches are not committed "
            + "and are trained again by the next trainer.";

    public static final String MODEL_MAX_BYTES_CONFIG = "trainer.model.max.bytes";
    private static final String MODEL_MAX_BYTES_DOC = "Largest encoded model envelope the trainer publishes (the "
            + "producer compresses it with zstd on the way). A larger model is not published at all: its batch is "
            + "recorded as BATCH_SKIPPED with the size in the reason and uses no version. The producer's "
            + "kafka.max.request.size (default 64 MiB) lowers this limit further if it is smaller.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(GROUP_ID_CONFIG, Type.STRING, "", new ConfigDef.NonNullValidator(), Importance.MEDIUM, GROUP_ID_DOC)
            .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, "", new ConfigDef.NonNullValidator(), Importance.MEDIUM,
                    TRANSACTIONAL_ID_DOC)
            .define(BATCH_MAX_RECORDS_CONFIG, Type.INT, 200_000, Range.atLeast(1), Importance.MEDIUM,
                    BATCH_MAX_RECORDS_DOC)
            .define(BATCH_MAX_PENDING_CONFIG, Type.INT, 8, Range.between(1, 1_000), Importance.LOW,
                    BATCH_MAX_PENDING_DOC)
            .define(WINDOW_ASSEMBLY_TIMEOUT_MS_CONFIG, Type.LONG, 120_000L, Range.between(1, 86_400_000L),
                    Importance.LOW, WINDOW_ASSEMBLY_TIMEOUT_MS_DOC)
            .define(THREADS_CONFIG, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM, THREADS_DOC)
            .define(POLL_TIMEOUT_MS_CONFIG, Type.LONG, 200L, Range.between(10, 10_000), Importance.LOW,
                    POLL_TIMEOUT_MS_DOC)
            .define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                    SHUTDOWN_TIMEOUT_MS_DOC)
            .define(MODEL_MAX_BYTES_CONFIG, Type.INT, PipelineTopics.MODEL_MAX_MESSAGE_BYTES - TrainerClients.ENVELOPE_HEADROOM_BYTES,
                    Range.between(1024, PipelineTopics.MODEL_MAX_MESSAGE_BYTES - TrainerClients.ENVELOPE_HEADROOM_BYTES),
                    Importance.MEDIUM, MODEL_MAX_BYTES_DOC);

    /**
     * Validates the {@code trainer.*} keys of {@code definition} and checks them against its pipeline.
     *
     * @throws ConfigException naming the key when a value is invalid, or the keys to change when the trainer's settings and
     *                         the pipeline disagree
     */
    public TrainerConfig(PipelineDefinition definition) {
        super(CONFIG, definition);
        checkAgainst(pipeline());
    }

    /** The definition of every key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Checks these settings against the pipeline they train. */
    private void checkAgainst(PipelineConfig pipeline) {
        if (pipeline.mode() == PipelineMode.TRANSIENT && threads() > 1) {
            throw new ConfigException(THREADS_CONFIG, threads(), "must be 1 with " + PipelineConfig.PIPELINE_MODE_CONFIG
                    + "=transient: parallel fits are numbered with model versions, which transient models do not use; set " + THREADS_CONFIG
                    + "=1 or " + PipelineConfig.PIPELINE_MODE_CONFIG + "=continuous");
        }
        if (batchMaxRecords() < pipeline.windowMaxRecords()) {
            throw new ConfigException(BATCH_MAX_RECORDS_CONFIG, batchMaxRecords(),
                    "is below " + PipelineConfig.WINDOW_MAX_RECORDS_CONFIG + "=" + pipeline.windowMaxRecords()
                            + ", so full windows would be dropped; raise " + BATCH_MAX_RECORDS_CONFIG + " or lower "
                            + PipelineConfig.WINDOW_MAX_RECORDS_CONFIG);
        }
    }

    /** The consumer group: {@value #GROUP_ID_CONFIG}, or {@code streamtrain-<pipeline>-trainer} when empty. */
    public String groupId() {
        return orDefault(getString(GROUP_ID_CONFIG));
    }

    /** The transactional id: {@value #TRANSACTIONAL_ID_CONFIG}, or {@code streamtrain-<pipeline>-trainer} when empty. */
    public String transactionalId() {
        return orDefault(getString(TRANSACTIONAL_ID_CONFIG));
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public int batchMaxPending() {
        return getInt(BATCH_MAX_PENDING_CONFIG);
    }

    public Duration windowAssemblyTimeout() {
        return Duration.ofMillis(getLong(WINDOW_ASSEMBLY_TIMEOUT_MS_CONFIG));
    }

    public int threads() {
        return getInt(THREADS_CONFIG);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS_CONFIG));
    }

    public int modelMaxBytes() {
        return getInt(MODEL_MAX_BYTES_CONFIG);
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS_CONFIG));
    }

    private String orDefault(String configured) {
        return configured.isBlank() ? "streamtrain-" + pipeline().pipelineName() + "-trainer" : configured.trim();
    }
}
