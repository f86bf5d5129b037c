package io.streamtrain.ml.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for model signing, with the JDK's own provider. Keys are read and written as PEM
 * ({@code PRIVATE KEY}: PKCS#8, {@code PUBLIC KEY}: X.509 SubjectPublicKeyInfo), the format of
 * {@code openssl genpkey -algorithm ed25519}; bare Base64 of the same DER bytes is accepted too.
 */
public final class Ed25519Keys {

    /** The JCA name of the algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private Ed25519Keys() {
    }

    /** A fresh key pair from the system's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime does not provide " + ALGORITHM, e);
        }
    }

    /**
     * Reads a private key from PEM or Base64 text.
     *
     * @throws IllegalArgumentException when the text is not an Ed25519 private key
     */
    public static PrivateKey privateKey(String text) {
        try {
            return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der(text, PRIVATE_LABEL)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /**
     * Reads a public key from PEM or Base64 text.
     *
     * @throws IllegalArgumentException when the text is not an Ed25519 public key
     */
    public static PublicKey publicKey(String text) {
        try {
            return keyFactory().generatePublic(new X509EncodedKeySpec(der(text, PUBLIC_LABEL)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509): " + e.getMessage(), e);
        }
    }

    /** {@code key} as PEM text. */
    public static String pem(PrivateKey key) {
        return pem(PRIVATE_LABEL, key.getEncoded());
    }

    /** {@code key} as PEM text. */
    public static String pem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /**
     * A short name of {@code key}: the first 8 bytes of the SHA-256 of its encoding, in hex. Carried with every
     * signature so a refusal can say which key signed a model.
     */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(String text, String label) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the key text is empty");
        }
        String body = text.strip();
        if (body.startsWith("-----BEGIN ")) {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = body.indexOf(begin);
            int to = body.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("expected a PEM block '" + begin + "'");
            }
            body = body.substring(from + begin.length(), to);
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is neither PEM nor Base64: " + e.getMessage(), e);
        }
    }

    private static KeyFactory keyFactory() throws NoSuchAlgorithmException {
        return KeyFactory.getInstance(ALGORITHM);
    }
}
