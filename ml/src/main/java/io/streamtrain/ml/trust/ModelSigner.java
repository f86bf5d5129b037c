package io.streamtrain.ml.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Signs encoded model envelopes; the result travels as {@link SignatureHeaders} next to the envelope. */
public interface ModelSigner {

    /** The headers to write with {@code envelopeBytes}; empty when signing is off. */
    List<Header> headersFor(byte[] envelopeBytes);

    /** Whether envelopes are signed at all. */
    boolean signs();

    /** A signer that signs nothing, for {@code model.signatures=off}. */
    static ModelSigner unsigned() {
        return new ModelSigner() {
            @Override
            public List<Header> headersFor(byte[] envelopeBytes) {
                return List.of();
            }

            @Override
            public boolean signs() {
                return false;
            }
        };
    }

    /** An Ed25519 signer; {@code publicKey} names the signatures with its {@link Ed25519Keys#keyId}. */
    static ModelSigner ed25519(PrivateKey privateKey, PublicKey publicKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        byte[] keyId = Ed25519Keys.keyId(publicKey).getBytes(StandardCharsets.UTF_8);
        return new ModelSigner() {
            @Override
            public List<Header> headersFor(byte[] envelopeBytes) {
                try {
                    Signature signature = Signature.getInstance(Ed25519Keys.ALGORITHM);
                    signature.initSign(privateKey);
                    signature.update(envelopeBytes);
                    return List.of(new RecordHeader(SignatureHeaders.SIGNATURE, signature.sign()),
                            new RecordHeader(SignatureHeaders.KEY_ID, keyId));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot sign a model envelope with " + Ed25519Keys.ALGORITHM, e);
                }
            }

            @Override
            public boolean signs() {
                return true;
            }
        };
    }
}
