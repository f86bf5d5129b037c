package io.streamtrain.dashboard;

import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.config.ServiceConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The dashboard's own settings, read from the pipeline's definition ({@link ServiceConfig}). Every key starts with
 * {@code dashboard.}; other keys are ignored here.
 */
public final class DashboardConfig extends ServiceConfig {

    public static final String PORT_CONFIG = "dashboard.port";
    private static final String PORT_DOC = "Port of the web dashboard; 0 picks a free port, which the log names (the demo "
            + "prints it). Each pipeline of a run has its own dashboard, so the default 0 lets several run side by side.";

    public static final String HOST_CONFIG = "dashboard.host";
    private static final String HOST_DOC = "Interface the dashboard listens on. The default serves this host only; "
            + "0.0.0.0 or empty: every interface (needed in a container whose port is published).";
    /** Default of {@value #HOST_CONFIG}: loopback, so the dashboard is not served beyond this host unless asked for. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final String REFRESH_MS_CONFIG = "dashboard.refresh.ms";
    private static final String REFRESH_MS_DOC = "How often the dashboard samples the topics' offsets and consumer lag, "
            + "and how often the pages refresh the overview.";

    public static final String EVENTS_KEPT_CONFIG = "dashboard.events.kept";
    private static final String EVENTS_KEPT_DOC = "How many recent events the live feed shows to a page that opens.";

    public static final String ADMIN_TOKEN_CONFIG = "dashboard.admin.token";
    private static final String ADMIN_TOKEN_DOC = "Token the dashboard's registry actions (rollback, pin, unpin on a model "
            + "version's page) require: the page asks for it and sends it as 'Authorization: Bearer <token>'. Unset: the "
            + "actions are refused and the pages only read. Each action is audited on the pipeline's events topic with the "
            + "operator dashboard@<client address>.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(PORT_CONFIG, Type.INT, 0, Range.between(0, 65_535), Importance.HIGH, PORT_DOC)
            .define(HOST_CONFIG, Type.STRING, DEFAULT_HOST, new ConfigDef.NonNullValidator(), Importance.HIGH, HOST_DOC)
            .define(REFRESH_MS_CONFIG, Type.LONG, 2_000L, Range.between(100L, 60_000L), Importance.LOW, REFRESH_MS_DOC)
            .define(EVENTS_KEPT_CONFIG, Type.INT, 200, Range.between(1, 100_000), Importance.LOW, EVENTS_KEPT_DOC)
            .define(ADMIN_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, ADMIN_TOKEN_DOC);

    /**
     * Validates the {@code dashboard.*} keys of {@code definition}; an invalid value fails with a {@link ConfigException}
     * naming the key.
     */
    public DashboardConfig(PipelineDefinition definition) {
        super(CONFIG, definition);
    }

    /** The definition of every key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public int port() {
        return getInt(PORT_CONFIG);
    }

    public String host() {
        return getString(HOST_CONFIG);
    }

    public Duration refreshInterval() {
        return Duration.ofMillis(getLong(REFRESH_MS_CONFIG));
    }

    public int eventsKept() {
        return getInt(EVENTS_KEPT_CONFIG);
    }

    /** The token of the registry actions ({@value #ADMIN_TOKEN_CONFIG}); empty when none is set. */
    public String adminToken() {
        Password token = getPassword(ADMIN_TOKEN_CONFIG);
        return token == null ? "" : token.value().trim();
    }
}
