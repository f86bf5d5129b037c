package io.streamtrain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelHistoryKeyTest {

    @Test
    void shouldZeroPadTheVersionSoKeysSortInVersionOrder() {
        String nine = new ModelHistoryKey("churn", 9).toString();
        String ten = new ModelHistoryKey("churn", 10).toString();

        assertThat(nine).isEqualTo("churn:0000000000000000009");
        assertThat(nine).isLessThan(ten);
    }

    @Test
    void shouldParseWhatItWritesIncludingPipelineNamesWithColons() {
        ModelHistoryKey key = new ModelHistoryKey("odd:name", Long.MAX_VALUE);

        assertThat(ModelHistoryKey.parse(key.toString())).contains(key);
    }

    @Test
    void shouldParseNothingElse() {
        assertThat(ModelHistoryKey.parse(null)).isEmpty();
        assertThat(ModelHistoryKey.parse("churn")).isEmpty();
        assertThat(ModelHistoryKey.parse("churn:42")).isEmpty();
        assertThat(ModelHistoryKey.parse(":0000000000000000042")).isEmpty();
        assertThat(ModelHistoryKey.parse("churn:0000000000000000000")).isEmpty();
        assertThat(ModelHistoryKey.parse("churn:9999999999999999999")).isEmpty();
        assertThat(ModelHistoryKey.parse("churn:00000000000000000x2")).isEmpty();
    }

    @Test
    void shouldRefuseVersionsBelowOne() {
        assertThatThrownBy(() -> new ModelHistoryKey("churn", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
