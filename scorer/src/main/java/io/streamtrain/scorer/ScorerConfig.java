package io.streamtrain.scorer;

import io.streamtrain.core.config.KafkaClientSettings;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.config.ServiceConfig;
import io.streamtrain.scorer.api.HttpSettings;
import io.streamtrain.scorer.drift.DriftSettings;
import io.streamtrain.scorer.model.ModelRuntime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the scoring service: the {@code scorer.*} keys below, read from the pipeline's definition
 * ({@link ServiceConfig}), whose Kafka client settings under {@code kafka.*} are passed to every client of the scorer.
 *
 * <p>Scoring is exactly-once, so the client settings it depends on are not negotiable: {@code kafka.group.id},
 * {@code kafka.transactional.id} and {@code kafka.max.poll.records} are refused in favour of the
 * {@code scorer.*} keys, and {@code kafka.enable.auto.commit}, {@code kafka.isolation.level} and
 * {@code kafka.enable.idempotence} may only be set to the values the scorer needs. The exception names the
 * key to change.
 *
 * <p>The REST API listens on {@value #HTTP_PORT_CONFIG} (default {@value #DEFAULT_HTTP_PORT}); see {@link #http()}.
 */
public final class ScorerConfig extends ServiceConfig {

    public static final String INSTANCE_ID_CONFIG = "scorer.instance.id";
    private static final String INSTANCE_ID_DOC = "Names this scorer instance in logs, events and its transactional id. "
            + "Must be unique among the running scorers of a pipeline: two instances with the same id fence each other. "
            + "Empty: the host name plus 8 random hex digits, unique but new on every start. Letters, digits, '.', '_' and '-'.";

    public static final String GROUP_ID_CONFIG = "scorer.group.id";
    private static final String GROUP_ID_DOC = "Consumer group of the scorers of a pipeline on the score-requests topic; "
            + "instances with the same group share the request partitions. Empty: streamtrain-<pipeline>-scorer.";

    public static final String MAX_POLL_RECORDS_CONFIG = "scorer.max.poll.records";
    private static final String MAX_POLL_RECORDS_DOC = "Most score requests (Kafka records) read by one poll; the requests of "
            + "one poll are scored by one model and committed in one transaction. Larger polls amortise the transaction "
            + "commit (5000 scored 2.7x faster than 500, and 10000 a further 1.2x, in BENCHMARKS.md); a failed transaction redoes "
            + "at most this many requests.";

    public static final String THREADS_CONFIG = "scorer.threads";
    private static final String THREADS_DOC = "Threads of the scorer's own fork-join pool, which parses each poll's requests "
            + "in parallel and scores a random forest's blocks of records while the scoring loop waits for them; created and "
            + "closed with the scorer. 0: as many as the processors the JVM sees. Fewer leave cores to other work in the "
            + "process (an embedded broker, other pipelines' services).";

    public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "scorer.shutdown.timeout.ms";
    private static final String SHUTDOWN_TIMEOUT_MS_DOC = "How long closing the scorer may take: it finishes the transaction "
            + "in progress and closes its clients. A transaction still open after this is aborted by the broker "
            + "(after transaction.timeout.ms) and its requests are scored again by the next owner.";

    public static final String TRANSACTIONAL_ID_PREFIX_CONFIG = "scorer.transactional.id.prefix";
    private static final String TRANSACTIONAL_ID_PREFIX_DOC = "The scorer's transactional id is this prefix, '-' and the "
            + "instance id. Empty: streamtrain-<pipeline>-scorer.";

    public static final String HTTP_PORT_CONFIG = "scorer.http.port";
    private static final String HTTP_PORT_DOC = "Port of the REST API (predict, model, pipelines, health, OpenAPI document). "
            + "0 picks any free port (ScorerService.httpPort() tells which); -1 runs no HTTP server.";

    public static final String HTTP_HOST_CONFIG = "scorer.http.host";
    private static final String HTTP_HOST_DOC = "Address the REST API (health endpoints included) binds to. The default serves "
            + "this host only; 0.0.0.0 or empty: every interface (needed in a container whose port is published).";

    public static final String HTTP_MAX_BODY_BYTES_CONFIG = "scorer.http.max.body.bytes";
    private static final String HTTP_MAX_BODY_BYTES_DOC = "Largest request body the REST API reads; a larger one is refused "
            + "with 400 before it is parsed. Bounds the memory one request can take. The default holds a full batch of "
            + "scorer.http.max.batch.records records of up to about 330 bytes of JSON each (the demo's are about 250).";

    public static final String HTTP_MAX_BATCH_RECORDS_CONFIG = "scorer.http.max.batch.records";
    private static final String HTTP_MAX_BATCH_RECORDS_DOC = "Most records one REST predict request may hold; more is refused with 400. "
            + "A batch must also fit in scorer.http.max.body.bytes: raise that too for wider records.";

    public static final String HTTP_IDLE_TIMEOUT_MS_CONFIG = "scorer.http.idle.timeout.ms";
    private static final String HTTP_IDLE_TIMEOUT_MS_DOC = "A REST connection on which nothing arrives for this long is closed, "
            + "so silent clients do not keep connections.";

    public static final String HTTP_BODY_TIMEOUT_MS_CONFIG = "scorer.http.body.timeout.ms";
    private static final String HTTP_BODY_TIMEOUT_MS_DOC = "A REST request body must arrive in full within this time from the "
            + "start of its reading, however steadily it trickles in; a slower one is cut off (the connection is closed).";

    public static final String HTTP_MAX_CONNECTIONS_CONFIG = "scorer.http.max.connections";
    private static final String HTTP_MAX_CONNECTIONS_DOC = "Most REST connections open at once (health checks included); "
            + "further clients wait in the accept queue until one closes. Each request runs on a virtual thread, so slow "
            + "clients hold sockets and a little memory, never the threads other requests need.";

    public static final String HTTP_HEALTH_PORT_CONFIG = "scorer.http.health.port";
    private static final String HTTP_HEALTH_PORT_DOC = "A port of its own for GET /health/live and /health/ready of the REST "
            + "API, on scorer.http.host, with its own connections (at most 16), so that clients holding all "
            + "scorer.http.max.connections of the API do not hold up the health checks; other paths answer 404 there. "
            + "0 picks any free port; -1 (the default) opens none: the health checks are answered on scorer.http.port only, "
            + "within its connection limit.";

    public static final String HTTP_TRAIN_MAX_RECORDS_CONFIG = "scorer.http.train.max.records";
    private static final String HTTP_TRAIN_MAX_RECORDS_DOC = "Most train and score rows of one per-request training "
            + "(POST /v1/pipelines/<p>/train-and-score); a larger request is answered 400.";

    public static final String HTTP_TRAIN_CONCURRENCY_CONFIG = "scorer.http.train.concurrency";
    private static final String HTTP_TRAIN_CONCURRENCY_DOC = "Most per-request trainings fitting at once in this scorer, each on "
            + "a thread of its own, apart from the threads that answer predictions and health checks; a request that would "
            + "start another is answered 503 with Retry-After.";

    public static final String HTTP_TRAIN_TIMEOUT_MS_CONFIG = "scorer.http.train.timeout.ms";
    private static final String HTTP_TRAIN_TIMEOUT_MS_DOC = "Longest a per-request training may take before its request is "
            + "answered 504; the fit then ends in the background, still counted against scorer.http.train.concurrency, and "
            + "its model is dropped.";

    public static final String DRIFT_ENABLED_CONFIG = "scorer.drift.enabled";
    private static final String DRIFT_ENABLED_DOC = "Whether the scorer measures drift of the scored traffic against the served "
            + "model's training distributions (population stability index per feature and of the predictions).";

    public static final String DRIFT_WINDOW_RECORDS_CONFIG = "scorer.drift.window.records";
    private static final String DRIFT_WINDOW_RECORDS_DOC = "Size of the sliding window of scored records (of the current model "
            + "version) compared with the baseline. Drift is judged once the window is full, so a shift is detected within "
            + "about this many records. Memory: 2 bytes per record and feature.";

    public static final String DRIFT_CHECK_INTERVAL_RECORDS_CONFIG = "scorer.drift.check.interval.records";
    private static final String DRIFT_CHECK_INTERVAL_RECORDS_DOC = "Scored records between two drift checks: partial ones while "
            + "the window fills (reported, never judged), then from the record that fills it.";

    public static final String DRIFT_PSI_THRESHOLD_CONFIG = "scorer.drift.psi.threshold";
    private static final String DRIFT_PSI_THRESHOLD_DOC = "A feature, or the predictions, drift when their PSI over the window "
            + "exceeds this. Common reading: below 0.1 stable, 0.1 to 0.25 moderate shift, above 0.25 major shift.";

    public static final String DRIFT_REPORT_INTERVAL_MS_CONFIG = "scorer.drift.report.interval.ms";
    private static final String DRIFT_REPORT_INTERVAL_MS_DOC = "Least wall-clock time between two DRIFT_REPORT events (every PSI "
            + "and the live quality) on the events topic; reports are only made while traffic is scored.";

    public static final String LABELS_ENABLED_CONFIG = "scorer.labels.enabled";
    private static final String LABELS_ENABLED_DOC = "Whether the scorer reads late labels from the pipeline's input topic and "
            + "joins them by record id with its recent predictions, to measure live accuracy (or RMSE) per model version.";

    public static final String LABELS_JOIN_WINDOW_MS_CONFIG = "scorer.labels.join.window.ms";
    private static final String LABELS_JOIN_WINDOW_MS_DOC = "How long a prediction waits for its label; a later label is not counted.";

    public static final String LABELS_MAX_PENDING_CONFIG = "scorer.labels.max.pending";
    private static final String LABELS_MAX_PENDING_DOC = "Most predictions waiting for their label (about 100 bytes each with a short record id); "
            + "beyond it the oldest are dropped.";

    public static final String QUALITY_MIN_LABELS_CONFIG = "scorer.quality.min.labels";
    private static final String QUALITY_MIN_LABELS_DOC = "Late labels a model version needs before its live quality is held "
            + "against scorer.quality.min.accuracy or scorer.quality.max.rmse.";

    public static final String QUALITY_MIN_ACCURACY_CONFIG = "scorer.quality.min.accuracy";
    private static final String QUALITY_MIN_ACCURACY_DOC = "A classification model whose live accuracy falls below this triggers "
            + "a retrain; 0 never does.";

    public static final String QUALITY_MAX_RMSE_CONFIG = "scorer.quality.max.rmse";
    private static final String QUALITY_MAX_RMSE_DOC = "A regression model whose live RMSE rises above this triggers a retrain; "
            + "0 never does.";

    public static final String RETRAIN_ENABLED_CONFIG = "scorer.retrain.enabled";
    private static final String RETRAIN_ENABLED_DOC = "Whether drift or poor live quality asks the streams-app (through the "
            + "control topic) to close its open window early, so a model is trained on the recent records; at most once per "
            + "model version. false only reports DRIFT_DETECTED events.";

    public static final String ADMIN_TOKEN_CONFIG = "scorer.admin.token";
    private static final String ADMIN_TOKEN_DOC = "Bearer token the REST API's registry operations (list, show, rollback, "
            + "pin, unpin) require in 'Authorization: Bearer <token>'. Without one, rollback, pin and unpin are refused "
            + "(403) unless scorer.admin.allow.unauthenticated is true; list and show stay open.";

    public static final String ADMIN_ALLOW_UNAUTHENTICATED_CONFIG = "scorer.admin.allow.unauthenticated";
    private static final String ADMIN_ALLOW_UNAUTHENTICATED_DOC = "Without scorer.admin.token, whether the REST API's registry "
            + "writes (rollback, pin, unpin) are open to anyone who reaches the port (a warning is logged). Only for a "
            + "trusted network; it has no effect once a token is set.";

    public static final String MODEL_RUNTIME_CONFIG = ModelRuntime.CONFIG;

    /** Default of {@value #HTTP_PORT_CONFIG}. */
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** Default of {@value #HTTP_HOST_CONFIG}: loopback, so nothing is served beyond this host unless asked for. */
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    /** The value of {@value #HTTP_PORT_CONFIG} that runs no HTTP server. */
    public static final int HTTP_DISABLED = -1;

    private static final String ID_PATTERN = "[A-Za-z0-9._-]{1,100}";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(INSTANCE_ID_CONFIG, Type.STRING, "", new EmptyOr(ID_PATTERN), Importance.MEDIUM, INSTANCE_ID_DOC)
            .define(GROUP_ID_CONFIG, Type.STRING, "", Importance.MEDIUM, GROUP_ID_DOC)
            .define(MAX_POLL_RECORDS_CONFIG, Type.INT, 10_000, Range.between(1, 100_000), Importance.LOW, MAX_POLL_RECORDS_DOC)
            .define(THREADS_CONFIG, Type.INT, 0, Range.between(0, 1_024), Importance.LOW, THREADS_DOC)
            .define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(100L, 3_600_000L), Importance.LOW, SHUTDOWN_TIMEOUT_MS_DOC)
            .define(TRANSACTIONAL_ID_PREFIX_CONFIG, Type.STRING, "", new EmptyOr(ID_PATTERN), Importance.LOW, TRANSACTIONAL_ID_PREFIX_DOC)
            .define(HTTP_PORT_CONFIG, Type.INT, DEFAULT_HTTP_PORT, Range.between(HTTP_DISABLED, 65_535), Importance.HIGH, HTTP_PORT_DOC)
            .define(HTTP_HOST_CONFIG, Type.STRING, DEFAULT_HTTP_HOST, Importance.HIGH, HTTP_HOST_DOC)
            .define(HTTP_MAX_BODY_BYTES_CONFIG, Type.INT, 32 * 1024 * 1024, Range.between(1024, 1 << 30), Importance.MEDIUM,
                    HTTP_MAX_BODY_BYTES_DOC)
            .define(HTTP_MAX_BATCH_RECORDS_CONFIG, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.MEDIUM,
                    HTTP_MAX_BATCH_RECORDS_DOC)
            .define(HTTP_IDLE_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.between(100L, 3_600_000L), Importance.LOW,
                    HTTP_IDLE_TIMEOUT_MS_DOC)
            .define(HTTP_BODY_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(100L, 3_600_000L), Importance.LOW,
                    HTTP_BODY_TIMEOUT_MS_DOC)
            .define(HTTP_MAX_CONNECTIONS_CONFIG, Type.INT, 256, Range.between(1, 100_000), Importance.LOW, HTTP_MAX_CONNECTIONS_DOC)
            .define(HTTP_HEALTH_PORT_CONFIG, Type.INT, HttpSettings.NO_HEALTH_PORT, Range.between(HttpSettings.NO_HEALTH_PORT, 65_535),
                    Importance.LOW, HTTP_HEALTH_PORT_DOC)
            .define(HTTP_TRAIN_MAX_RECORDS_CONFIG, Type.INT, HttpSettings.RequestTraining.DEFAULT.maxRecords(),
                    Range.between(1, 10_000_000), Importance.LOW, HTTP_TRAIN_MAX_RECORDS_DOC)
            .define(HTTP_TRAIN_CONCURRENCY_CONFIG, Type.INT, HttpSettings.RequestTraining.DEFAULT.concurrency(), Range.between(1, 1_000),
                    Importance.LOW, HTTP_TRAIN_CONCURRENCY_DOC)
            .define(HTTP_TRAIN_TIMEOUT_MS_CONFIG, Type.LONG, HttpSettings.RequestTraining.DEFAULT.timeout().toMillis(),
                    Range.between(1L, 3_600_000L), Importance.LOW, HTTP_TRAIN_TIMEOUT_MS_DOC)
            .define(DRIFT_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, DRIFT_ENABLED_DOC)
            .define(DRIFT_WINDOW_RECORDS_CONFIG, Type.INT, 1000, Range.between(50, 1_000_000), Importance.MEDIUM, DRIFT_WINDOW_RECORDS_DOC)
            .define(DRIFT_CHECK_INTERVAL_RECORDS_CONFIG, Type.INT, 100, Range.between(1, 1_000_000), Importance.LOW,
                    DRIFT_CHECK_INTERVAL_RECORDS_DOC)
            .define(DRIFT_PSI_THRESHOLD_CONFIG, Type.DOUBLE, 0.25, Range.between(0.001, 100.0), Importance.MEDIUM, DRIFT_PSI_THRESHOLD_DOC)
            .define(DRIFT_REPORT_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, Range.between(100L, 86_400_000L), Importance.LOW,
                    DRIFT_REPORT_INTERVAL_MS_DOC)
            .define(LABELS_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, LABELS_ENABLED_DOC)
            .define(LABELS_JOIN_WINDOW_MS_CONFIG, Type.LONG, 3_600_000L, Range.between(1L, 7L * 86_400_000L), Importance.LOW,
                    LABELS_JOIN_WINDOW_MS_DOC)
            .define(LABELS_MAX_PENDING_CONFIG, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.LOW, LABELS_MAX_PENDING_DOC)
            .define(QUALITY_MIN_LABELS_CONFIG, Type.INT, 200, Range.between(1, 10_000_000), Importance.LOW, QUALITY_MIN_LABELS_DOC)
            .define(QUALITY_MIN_ACCURACY_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.MEDIUM, QUALITY_MIN_ACCURACY_DOC)
            .define(QUALITY_MAX_RMSE_CONFIG, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.MEDIUM, QUALITY_MAX_RMSE_DOC)
            .define(RETRAIN_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, RETRAIN_ENABLED_DOC)
            .define(ADMIN_TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH, ADMIN_TOKEN_DOC)
            .define(ADMIN_ALLOW_UNAUTHENTICATED_CONFIG, Type.BOOLEAN, false, Importance.HIGH, ADMIN_ALLOW_UNAUTHENTICATED_DOC)
            .define(MODEL_RUNTIME_CONFIG, Type.STRING, ModelRuntime.DEFAULT, ModelRuntime.VALIDATOR, Importance.MEDIUM, ModelRuntime.DOC);

    private final String instanceId;

    /**
     * Validates the {@code scorer.*} keys of {@code definition} and its {@code kafka.*} keys against them; an invalid or
     * conflicting value fails with a {@link ConfigException} naming the key.
     */
    public ScorerConfig(PipelineDefinition definition) {
        super(CONFIG, definition);
        String configured = getString(INSTANCE_ID_CONFIG);
        this.instanceId = configured.isBlank() ? generatedInstanceId() : configured;
        refuseConflicts(kafka());
    }

    /** The definition of every {@code scorer.*} key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** This instance's id: {@value #INSTANCE_ID_CONFIG}, or one generated at construction. */
    public String instanceId() {
        return instanceId;
    }

    public String groupId() {
        String configured = getString(GROUP_ID_CONFIG);
        return configured.isBlank() ? defaultPrefix() : configured.trim();
    }

    /** The transactional id of this instance's producer. */
    public String transactionalId() {
        String prefix = getString(TRANSACTIONAL_ID_PREFIX_CONFIG);
        return (prefix.isBlank() ? defaultPrefix() : prefix) + "-" + instanceId;
    }

    /** What models are served from ({@value #MODEL_RUNTIME_CONFIG}). */
    public ModelRuntime modelRuntime() {
        return ModelRuntime.of(getString(MODEL_RUNTIME_CONFIG));
    }

    public int maxPollRecords() {
        return getInt(MAX_POLL_RECORDS_CONFIG);
    }

    /** Threads of the scoring pool: {@value #THREADS_CONFIG}, or the JVM's available processors when it is 0. */
    public int threads() {
        int configured = getInt(THREADS_CONFIG);
        return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS_CONFIG));
    }

    /** The bearer token of the REST API's registry operations; empty when none is set. */
    public String adminToken() {
        Password token = getPassword(ADMIN_TOKEN_CONFIG);
        return token == null ? "" : token.value().trim();
    }

    /** Whether registry writes are open without a token ({@value #ADMIN_ALLOW_UNAUTHENTICATED_CONFIG}). */
    public boolean adminAllowUnauthenticated() {
        return getBoolean(ADMIN_ALLOW_UNAUTHENTICATED_CONFIG);
    }

    /**
     * The REST API's settings, or empty when {@value #HTTP_PORT_CONFIG} is {@value #HTTP_DISABLED}. In-flight
     * requests get half of {@value #SHUTDOWN_TIMEOUT_MS_CONFIG} to finish when the scorer closes.
     */
    public Optional<HttpSettings> http() {
        int port = getInt(HTTP_PORT_CONFIG);
        if (port == HTTP_DISABLED) {
            return Optional.empty();
        }
        return Optional.of(new HttpSettings(getString(HTTP_HOST_CONFIG).trim(), port, getInt(HTTP_MAX_BODY_BYTES_CONFIG),
                getInt(HTTP_MAX_BATCH_RECORDS_CONFIG), shutdownTimeout().dividedBy(2),
                new HttpSettings.ClientLimits(Duration.ofMillis(getLong(HTTP_IDLE_TIMEOUT_MS_CONFIG)),
                        Duration.ofMillis(getLong(HTTP_BODY_TIMEOUT_MS_CONFIG)), getInt(HTTP_MAX_CONNECTIONS_CONFIG)),
                getInt(HTTP_HEALTH_PORT_CONFIG), HttpSettings.DEFAULT_HISTORY_READ_TIMEOUT,
                new HttpSettings.RequestTraining(getInt(HTTP_TRAIN_MAX_RECORDS_CONFIG), getInt(HTTP_TRAIN_CONCURRENCY_CONFIG),
                        Duration.ofMillis(getLong(HTTP_TRAIN_TIMEOUT_MS_CONFIG)))));
    }

    /** How drift and live quality are watched, and whether they trigger retraining. */
    public DriftSettings drift() {
        return new DriftSettings(getBoolean(DRIFT_ENABLED_CONFIG), getInt(DRIFT_WINDOW_RECORDS_CONFIG),
                getInt(DRIFT_CHECK_INTERVAL_RECORDS_CONFIG), getDouble(DRIFT_PSI_THRESHOLD_CONFIG), getLong(DRIFT_REPORT_INTERVAL_MS_CONFIG),
                getBoolean(LABELS_ENABLED_CONFIG), getLong(LABELS_JOIN_WINDOW_MS_CONFIG), getInt(LABELS_MAX_PENDING_CONFIG),
                getInt(QUALITY_MIN_LABELS_CONFIG), getDouble(QUALITY_MIN_ACCURACY_CONFIG), getDouble(QUALITY_MAX_RMSE_CONFIG),
                getBoolean(RETRAIN_ENABLED_CONFIG));
    }

    private String defaultPrefix() {
        return "streamtrain-" + pipeline().pipelineName() + "-scorer";
    }

    private static void refuseConflicts(KafkaClientSettings kafka) {
        Map<String, Object> settings = kafka.properties();
        refuseIfSet(settings, "group.id", "set " + GROUP_ID_CONFIG + " instead");
        refuseIfSet(settings, "transactional.id", "the transactional id is " + TRANSACTIONAL_ID_PREFIX_CONFIG
                + " plus " + INSTANCE_ID_CONFIG + "; set those instead");
        refuseIfSet(settings, "max.poll.records", "set " + MAX_POLL_RECORDS_CONFIG + " instead");
        refuseUnless(settings, "enable.auto.commit", "false", "the scorer commits offsets inside its transactions");
        refuseUnless(settings, "isolation.level", "read_committed", "the scorer must not score requests of aborted transactions "
                + "nor load models from them");
        refuseUnless(settings, "enable.idempotence", "true", "transactions need an idempotent producer");
    }

    private static void refuseIfSet(Map<String, Object> settings, String key, String hint) {
        if (settings.containsKey(key)) {
            throw new ConfigException(KafkaClientSettings.PREFIX + key, settings.get(key), "must not be set for the scorer: " + hint);
        }
    }

    private static void refuseUnless(Map<String, Object> settings, String key, String required, String reason) {
        Object value = settings.get(key);
        if (value != null && !required.equalsIgnoreCase(value.toString().trim())) {
            throw new ConfigException(KafkaClientSettings.PREFIX + key, value, "must be " + required + " or unset: " + reason);
        }
    }

    /** The host name made safe for ids, and a random suffix so instances on one host differ. */
    private static String generatedInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "scorer";
        }
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "-");
        safe = safe.isEmpty() ? "scorer" : safe.substring(0, Math.min(safe.length(), 80));
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return safe + "-" + HexFormat.of().formatHex(random);
    }

    /** Accepts the empty string or a value matching a pattern. */
    private record EmptyOr(String pattern) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString();
            if (!text.isEmpty() && !text.matches(pattern)) {
                throw new ConfigException(name, value, "must be empty or match " + pattern);
            }
        }

        @Override
        public String toString() {
            return "empty or " + pattern;
        }
    }
}
