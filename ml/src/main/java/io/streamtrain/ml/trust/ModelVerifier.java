package io.streamtrain.ml.trust;

import io.streamtrain.ml.model.ModelRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Checks the signature of an encoded model envelope before anything decodes it. A record without a
 * signature, signed by another key, or whose bytes changed after signing is refused with the reason.
 */
public interface ModelVerifier {

    /**
     * Verifies {@code envelopeBytes} against the signature in {@code headers}.
     *
     * @throws ModelRejectedException saying what is wrong: unsigned, unknown key or a signature that does not match
     */
    void verify(byte[] envelopeBytes, Headers headers) throws ModelRejectedException;

    /** Whether signatures are checked at all. */
    boolean verifies();

    /** A verifier that accepts every record, for {@code model.signatures=off}. */
    static ModelVerifier acceptUnsigned() {
        return new ModelVerifier() {
            @Override
            public void verify(byte[] envelopeBytes, Headers headers) {
            }

            @Override
            public boolean verifies() {
                return false;
            }
        };
    }

    /** A verifier that refuses every record with {@code reason}: for a service that must load no stored model. */
    static ModelVerifier refuseAll(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new ModelVerifier() {
            @Override
            public void verify(byte[] envelopeBytes, Headers headers) throws ModelRejectedException {
                throw new ModelRejectedException(reason);
            }

            @Override
            public boolean verifies() {
                return true;
            }
        };
    }

    /** A verifier that accepts only Ed25519 signatures made by the private key of {@code trusted}. */
    static ModelVerifier ed25519(PublicKey trusted) {
        Objects.requireNonNull(trusted, "trusted");
        String trustedId = Ed25519Keys.keyId(trusted);
        return new ModelVerifier() {
            @Override
            public void verify(byte[] envelopeBytes, Headers headers) throws ModelRejectedException {
                Header signature = headers.lastHeader(SignatureHeaders.SIGNATURE);
                if (signature == null || signature.value() == null) {
                    throw new ModelRejectedException("the model is not signed (no " + SignatureHeaders.SIGNATURE
                            + " header); this scorer only serves models signed with key " + trustedId);
                }
                Header keyHeader = headers.lastHeader(SignatureHeaders.KEY_ID);
                String keyId = keyHeader == null || keyHeader.value() == null ? "(none)"
                        : new String(keyHeader.value(), StandardCharsets.UTF_8);
                if (!trustedId.equals(keyId)) {
                    throw new ModelRejectedException("the model is signed with key " + keyId
                            + ", not with the trusted key " + trustedId);
                }
                if (!matches(envelopeBytes, signature.value())) {
                    throw new ModelRejectedException("the signature does not match the envelope bytes: the model was "
                            + "changed after it was signed (tampered or corrupted)");
                }
            }

            @Override
            public boolean verifies() {
                return true;
            }

            private boolean matches(byte[] envelopeBytes, byte[] signatureBytes) {
                try {
                    Signature signature = Signature.getInstance(Ed25519Keys.ALGORITHM);
                    signature.initVerify(trusted);
                    signature.update(envelopeBytes);
                    return signature.verify(signatureBytes);
                } catch (SignatureException malformed) {
                    return false;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot verify with " + Ed25519Keys.ALGORITHM, e);
                }
            }
        };
    }
}
