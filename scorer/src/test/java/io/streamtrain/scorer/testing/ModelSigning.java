package io.streamtrain.scorer.testing;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One key pair for the scorer tests, signing envelopes the way the trainer does. */
public final class ModelSigning {

    public static final KeyPair KEYS = Ed25519Keys.generate();
    public static final ModelSigner SIGNER = ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic());
    public static final ModelVerifier VERIFIER = ModelVerifier.ed25519(KEYS.getPublic());

    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);

    private ModelSigning() {
    }

    /** The settings that make a scorer trust {@link #KEYS}. */
    public static Map<String, String> settings() {
        return TrustConfig.inline(KEYS);
    }

    /** {@code envelope} encoded and signed, as the trainer writes it to {@code topic} under {@code key}. */
    public static ProducerRecord<byte[], byte[]> signed(String topic, String key, ModelEnvelope envelope) {
        return signed(topic, key, ENVELOPES.encode(envelope));
    }

    /** {@code value} with the signature headers of {@link #SIGNER}. */
    public static ProducerRecord<byte[], byte[]> signed(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, SIGNER.headersFor(value));
    }
}
