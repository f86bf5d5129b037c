package io.streamtrain.dashboard.data;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.registry.testing.Envelopes;
import java.util.Map;

/** Small model envelopes of pipeline {@code p}, for the dashboard's tests: the registry's, with an auc metric to show. */
public final class TestEnvelopes {

    private TestEnvelopes() {
    }

    public static ModelEnvelope envelope(long version, PromotionStatus status) {
        return Envelopes.envelope(version, status, Map.of("auc", 0.9));
    }
}
