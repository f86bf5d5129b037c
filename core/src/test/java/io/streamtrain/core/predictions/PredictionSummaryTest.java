package io.streamtrain.core.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PredictionSummaryTest {

    private static final Prediction CLASSIFIED = Prediction.newBuilder().setRequestId("r-1").setRecordId("c-1").setPipeline("churn")
            .setModelVersion(4).setLabel("stay").setProbabilities(Map.of("stay", 0.75, "churn", 0.25))
            .setScoredAt(Instant.parse("2025-03-01T12:00:00.123Z")).build();
    private static final Prediction VALUED = Prediction.newBuilder(CLASSIFIED).setLabel(null).setValue(2.5)
            .setProbabilities(Map.of()).build();

    @Test
    void shouldReadEitherFormatAlike() {
        for (PredictionFormat format : PredictionFormat.values()) {
            assertThat(PredictionSummary.read(format.encode(CLASSIFIED))).as("%s", format)
                    .isEqualTo(new PredictionSummary("c-1", 4, "stay", null));
            assertThat(PredictionSummary.read(format.encode(VALUED))).as("%s", format)
                    .isEqualTo(new PredictionSummary("c-1", 4, null, 2.5));
        }
    }

    @Test
    void shouldRefuseBytesThatAreNoPrediction() {
        assertThatThrownBy(() -> PredictionSummary.read("{\"recordId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("modelVersion");
        assertThatThrownBy(() -> PredictionSummary.read("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PredictionSummary.read(new byte[]{(byte) 0xC3, 1, 2})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PredictionSummary.read(null)).isInstanceOf(SerializationException.class);
    }
}
