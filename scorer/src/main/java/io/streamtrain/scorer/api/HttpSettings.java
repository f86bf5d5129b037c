package io.streamtrain.scorer.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the REST API listens and what it accepts.
 *
 * @param host            address to bind to; empty for every interface
 * @param port            port to listen on; 0 for any free port
 * @param maxBodyBytes    largest request body read; a larger one is refused with 400 before it is parsed
 * @param maxBatchRecords most records one predict request may hold
 * @param stopTimeout     how long requests in flight may take to finish when the server stops
 */
public record HttpSettings(String host, int port, int maxBodyBytes, int maxBatchRecords, Duration stopTimeout) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
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
    }
}
