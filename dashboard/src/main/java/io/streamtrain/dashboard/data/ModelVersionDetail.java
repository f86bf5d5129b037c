package io.streamtrain.dashboard.data;

import java.util.Map;
import java.util.Objects;

/**
 * Everything the dashboard knows of one model version, for its page and for comparing versions.
 *
 * @param version    the model version
 * @param status     as in {@link ModelVersionRow#status()}
 * @param signingKey the id of the key that signed the history record ({@code streamtrain.signing-key} header), or
 *                   {@code null} for an unsigned record
 * @param envelope   the model envelope's fields as plain values ({@code model-envelope.avsc} documents each one):
 *                   metrics, confusion matrix, hyperparameters, tuning, promotion, lineage, preprocessing, drift
 *                   baseline (the training rows' distributions), digest; {@code modelBytes} is the serialized model's
 *                   size, not its bytes
 */
public record ModelVersionDetail(long version, String status, String signingKey, Map<String, Object> envelope) {

    public ModelVersionDetail {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(envelope, "envelope");
    }
}
