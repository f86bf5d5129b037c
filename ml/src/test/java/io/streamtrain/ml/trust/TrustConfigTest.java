package io.streamtrain.ml.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.ml.model.ModelRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustConfigTest {

    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final byte[] ENVELOPE = "an encoded envelope".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldSignAndVerifyWithInlineKeys() throws ModelRejectedException {
        TrustConfig config = new TrustConfig(TrustConfig.inline(KEYS), name -> null);

        config.verifier().verify(ENVELOPE, new RecordHeaders(config.signer().headersFor(ENVELOPE)));

        assertThat(config.keysConfigured()).isTrue();
    }

    @Test
    void shouldReadPemFilesAndBareBase64FromTheEnvironment(@TempDir Path directory) throws IOException {
        Path privateFile = Files.writeString(directory.resolve("signing.pem"), Ed25519Keys.pem(KEYS.getPrivate()));
        String publicBase64 = Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
        TrustConfig config = new TrustConfig(Map.of(TrustConfig.SIGNING_KEY_FILE_CONFIG, privateFile.toString()),
                name -> TrustConfig.VERIFY_KEY_ENV.equals(name) ? publicBase64 : null);

        assertThatCode(() -> config.verifier().verify(ENVELOPE, new RecordHeaders(config.signer().headersFor(ENVELOPE))))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldNameEverySourceWhenARequiredKeyIsMissing() {
        TrustConfig config = new TrustConfig(Map.of(), name -> null);

        assertThat(config.keysConfigured()).isFalse();
        assertThatThrownBy(config::verifier).isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrustConfig.VERIFY_KEY_CONFIG)
                .hasMessageContaining(TrustConfig.VERIFY_KEY_FILE_CONFIG)
                .hasMessageContaining(TrustConfig.VERIFY_KEY_ENV)
                .hasMessageContaining("streamtrain keys generate");
    }

    @Test
    void shouldRefuseAKeyOfTheWrongKind() {
        TrustConfig config = new TrustConfig(Map.of(TrustConfig.VERIFY_KEY_CONFIG, Ed25519Keys.pem(KEYS.getPrivate())),
                name -> null);

        assertThatThrownBy(config::verifier).isInstanceOf(ConfigException.class).hasMessageContaining("unusable");
    }

    @Test
    void shouldNeitherSignNorVerifyWhenSignaturesAreOff() throws ModelRejectedException {
        TrustConfig config = new TrustConfig(Map.of(TrustConfig.SIGNATURES_CONFIG, "off"), name -> null);

        assertThat(config.signer().headersFor(ENVELOPE)).isEmpty();
        config.verifier().verify(ENVELOPE, new RecordHeaders());
        assertThat(config.keysConfigured()).isTrue();
    }

    @Test
    void shouldRefuseUnsignedForeignAndAlteredEnvelopes() {
        ModelVerifier verifier = ModelVerifier.ed25519(KEYS.getPublic());
        KeyPair other = Ed25519Keys.generate();
        byte[] altered = ENVELOPE.clone();
        altered[0] ^= 0x01;

        assertThatThrownBy(() -> verifier.verify(ENVELOPE, new RecordHeaders()))
                .hasMessageContaining("not signed");
        assertThatThrownBy(() -> verifier.verify(ENVELOPE,
                new RecordHeaders(ModelSigner.ed25519(other.getPrivate(), other.getPublic()).headersFor(ENVELOPE))))
                .hasMessageContaining("signed with key " + Ed25519Keys.keyId(other.getPublic()));
        assertThatThrownBy(() -> verifier.verify(altered,
                new RecordHeaders(ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic()).headersFor(ENVELOPE))))
                .hasMessageContaining("signature does not match");
    }
}
