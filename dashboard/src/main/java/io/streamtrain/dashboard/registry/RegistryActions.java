package io.streamtrain.dashboard.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The registry actions a version's page offers (rollback, pin, unpin), behind the dashboard's admin token. The
 * writes go through {@link RegistryWrites} (the same {@code ModelRegistry} as the CLI and the scorer's REST API),
 * which audits each one on the pipeline's events topic; the operator is {@code dashboard@<client address>}.
 */
public final class RegistryActions implements AutoCloseable {

    private static final String BEARER = "Bearer ";

    private final RegistryWrites writes;
    private final byte[] token;

    /** @param token the admin token; empty refuses every action */
    public RegistryActions(RegistryWrites writes, String token) {
        this.writes = Objects.requireNonNull(writes, "writes");
        this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token is configured, so that the actions can be authorised at all. */
    public boolean enabled() {
        return token.length > 0;
    }

    /**
     * Re-publishes {@code version} as the current model.
     *
     * @throws ActionRefused when not authorised
     * @throws RuntimeException  (the registry's) when the version is unknown or its signature does not verify
     */
    public ActionResult rollback(String authorization, String client, long version) {
        authorize(authorization);
        String operator = operator(client);
        writes.rollback(version, operator);
        return new ActionResult("rollback", version, operator);
    }

    /** Pins the pipeline to {@code version}, rolling back to it first when it is not current. */
    public ActionResult pin(String authorization, String client, OptionalLong version, String reason) {
        authorize(authorization);
        String operator = operator(client);
        return new ActionResult("pin", writes.pin(version, operator, reason), operator);
    }

    /** Lifts the pin: the trainer promotes new models again. */
    public ActionResult unpin(String authorization, String client, String reason) {
        authorize(authorization);
        String operator = operator(client);
        writes.unpin(operator, reason);
        return new ActionResult("unpin", 0, operator);
    }

    @Override
    public void close() {
        writes.close();
    }

    private void authorize(String authorization) {
        if (token.length == 0) {
            throw new ActionRefused(403, "registry actions are off: set dashboard.admin.token to allow rollback, pin and unpin "
                    + "from the dashboard");
        }
        byte[] given = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, given)) {
            throw new ActionRefused(401, "wrong or missing admin token (dashboard.admin.token)");
        }
    }

    private static String operator(String client) {
        return "dashboard@" + client;
    }

    /**
     * What an action did.
     *
     * @param action   {@code rollback}, {@code pin} or {@code unpin}
     * @param version  the version rolled back or pinned to; 0 for an unpin
     * @param operator as the audit event names it
     */
    public record ActionResult(String action, long version, String operator) {
    }

    /** An action refused before anything was written, with the HTTP status that says why. */
    public static final class ActionRefused extends RuntimeException {

        private final int status;

        ActionRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
