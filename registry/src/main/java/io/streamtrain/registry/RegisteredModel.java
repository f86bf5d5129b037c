package io.streamtrain.registry;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionStatus;
import java.util.Objects;

/**
 * One version of a model as the registry lists it: its envelope without the model bytes, and whether its signature
 * verified.
 *
 * @param envelope  the envelope with empty {@code modelBytes} (the digest still names them)
 * @param modelSize size of the model bytes
 * @param signature empty when the signature verified, else why not
 */
public record RegisteredModel(ModelEnvelope envelope, int modelSize, String signature) {

    public RegisteredModel {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(signature, "signature");
    }

    public long version() {
        return envelope.getVersion();
    }

    /** PROMOTED, REJECTED or HELD; PROMOTED for versions published before the gate existed. */
    public PromotionStatus status() {
        return envelope.getPromotion() == null ? PromotionStatus.PROMOTED : envelope.getPromotion().getStatus();
    }

    public boolean signatureValid() {
        return signature.isEmpty();
    }
}
