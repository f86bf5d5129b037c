package io.streamtrain.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelDigestTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void shouldHashToLowerCaseHex() {
        assertThat(ModelDigest.sha256Hex(ABC)).isEqualTo(ABC_SHA256);
    }

    @Test
    void shouldMatchEitherCaseAndNothingElse() {
        assertThat(ModelDigest.matches(ABC, ABC_SHA256)).isTrue();
        assertThat(ModelDigest.matches(ABC, ABC_SHA256.toUpperCase())).isTrue();
        assertThat(ModelDigest.matches(ABC, ABC_SHA256.replace('b', 'c'))).isFalse();
        assertThat(ModelDigest.matches(ABC, "xyz")).isFalse();
        assertThat(ModelDigest.matches(ABC, ABC_SHA256.substring(2))).isFalse();
    }
}
