package io.streamtrain.scorer.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the REST API listens, what it accepts, and how long and how many clients it serves at once.
 *
 * @param host            address to bind to; empty for every interface
 * @param port            port to listen on; 0 for any free port
 * @param maxBodyBytes    largest request body read; a larger one is refused with 400 before it is parsed
 * @param maxBatchRecords most records one predict request may hold
 * @param stopTimeout     how long requests in flight may take to finish when the server stops
 * @param clients            the bounds on each client's time and on the number of connections
 * @param healthPort         a port of its own for the health checks ({@code /health/live}, {@code /health/ready}), with
 *                           connections of their own, so that clients holding every connection of the API do not hold
 *                           them up; 0 for any free port, {@value #NO_HEALTH_PORT} for none (they are answered on
 *                           {@code port} only, within its connection limit)
 * @param historyReadTimeout longest a predict request waits for a version it chose ({@code ?version=N}) to be read from
 *                           the model history when it is not cached; then it is answered 504
 */
public record HttpSettings(String host, int port, int maxBodyBytes, int maxBatchRecords, Duration stopTimeout, ClientLimits clients,
                           int healthPort, Duration historyReadTimeout) {

    /** The value of {@code healthPort} that opens no port for the health checks. */
    public static final int NO_HEALTH_PORT = -1;
    /**
     * Most connections open at once on the health port: probes make one request at a time, and a few more are
     * allowed for several probes of one process.
     */
    public static final int HEALTH_MAX_CONNECTIONS = 16;
    /** The default {@link #historyReadTimeout()}: long enough for a history of many versions on a loaded cluster. */
    public static final Duration DEFAULT_HISTORY_READ_TIMEOUT = Duration.ofSeconds(10);

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(historyReadTimeout, "historyReadTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
        }
        if (healthPort < NO_HEALTH_PORT || healthPort > 65_535 || (healthPort == port && port != 0)) {
            throw new IllegalArgumentException("healthPort must be -1 (none), 0 (any free port) or a port other than the API's, got "
                    + healthPort);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be positive, got " + maxBatchRecords);
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must not be negative, got " + stopTimeout);
        }
        if (historyReadTimeout.isNegative() || historyReadTimeout.isZero()) {
            throw new IllegalArgumentException("historyReadTimeout must be positive, got " + historyReadTimeout);
        }
    }

    /** Settings with no port of its own for the health checks and the default history read timeout. */
    public HttpSettings(String host, int port, int maxBodyBytes, int maxBatchRecords, Duration stopTimeout, ClientLimits clients) {
        this(host, port, maxBodyBytes, maxBatchRecords, stopTimeout, clients, NO_HEALTH_PORT, DEFAULT_HISTORY_READ_TIMEOUT);
    }

    /**
     * What one client may hold of the server, so that slow or silent clients cannot starve the others (health checks
     * included): every request is handled on a virtual thread of its own, so these bound time and sockets, not threads.
     *
     * @param idleTimeout    a connection on which nothing arrives for this long is closed (a silent client)
     * @param bodyTimeout    a request body not received in full within this time, however steadily it trickles in, is
     *                       cut off: the connection is closed
     * @param maxConnections most connections open at once; more wait in the accept queue until one closes
     */
    public record ClientLimits(Duration idleTimeout, Duration bodyTimeout, int maxConnections) {

        public ClientLimits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(bodyTimeout, "bodyTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
            }
            if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("bodyTimeout must be positive, got " + bodyTimeout);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
            }
        }
    }
}
