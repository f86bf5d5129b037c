package io.streamtrain.ml.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How models are signed and verified, read from the same configuration map as the pipeline. The trainer signs
 * with the private key and checks the champion it compares against with the public key; scorers and the
 * operator commands need the public key only.
 *
 * <p>A key is taken from, in order: the inline key setting, the key file setting, the environment variable.
 * Values are PEM ({@code openssl genpkey -algorithm ed25519} or {@code streamtrain keys generate}) or the bare
 * Base64 of the same bytes.
 */
public final class TrustConfig extends AbstractConfig {

    public static final String SIGNATURES_CONFIG = "model.signatures";
    private static final String SIGNATURES_DOC = "required: the trainer signs every model envelope (Ed25519) and "
            + "scorers refuse any model without a valid signature of the trusted key. off: nothing is signed or "
            + "verified (the SHA-256 digest and the class allow-list still apply); only for experiments on a "
            + "cluster nobody else can write to.";

    public static final String SIGNING_KEY_CONFIG = "model.signing.key";
    private static final String SIGNING_KEY_DOC = "The Ed25519 private key the trainer signs with, inline (PEM or "
            + "Base64 PKCS#8). Prefer model.signing.key.file or the environment variable "
            + "STREAMTRAIN_MODEL_SIGNING_KEY.";

    public static final String SIGNING_KEY_FILE_CONFIG = "model.signing.key.file";
    private static final String SIGNING_KEY_FILE_DOC = "File holding the Ed25519 private key the trainer signs with (PEM).";

    public static final String VERIFY_KEY_CONFIG = "model.verify.key";
    private static final String VERIFY_KEY_DOC = "The Ed25519 public key that model signatures must verify with, "
            + "inline (PEM or Base64 X.509). Alternatives: model.verify.key.file, or the environment variable "
            + "STREAMTRAIN_MODEL_VERIFY_KEY.";

    public static final String VERIFY_KEY_FILE_CONFIG = "model.verify.key.file";
    private static final String VERIFY_KEY_FILE_DOC = "File holding the Ed25519 public key that model signatures "
            + "must verify with (PEM).";

    /** Environment variable with the private key, used when neither signing key setting is given. */
    public static final String SIGNING_KEY_ENV = "STREAMTRAIN_MODEL_SIGNING_KEY";
    /** Environment variable with the public key, used when neither verify key setting is given. */
    public static final String VERIFY_KEY_ENV = "STREAMTRAIN_MODEL_VERIFY_KEY";

    private static final String REQUIRED = "required";
    private static final String OFF = "off";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SIGNATURES_CONFIG, Type.STRING, REQUIRED, ConfigDef.CaseInsensitiveValidString.in(REQUIRED, OFF),
                    Importance.HIGH, SIGNATURES_DOC)
            .define(SIGNING_KEY_CONFIG, Type.PASSWORD, null, Importance.HIGH, SIGNING_KEY_DOC)
            .define(SIGNING_KEY_FILE_CONFIG, Type.STRING, "", Importance.HIGH, SIGNING_KEY_FILE_DOC)
            .define(VERIFY_KEY_CONFIG, Type.STRING, "", Importance.HIGH, VERIFY_KEY_DOC)
            .define(VERIFY_KEY_FILE_CONFIG, Type.STRING, "", Importance.HIGH, VERIFY_KEY_FILE_DOC);

    private final Function<String, String> environment;

    /** Reads the {@code model.signatures} and key settings of {@code originals} and the process environment. */
    public TrustConfig(Map<String, ?> originals) {
        this(originals, System::getenv);
    }

    /** As {@link #TrustConfig(Map)}, with {@code environment} in place of the process environment. */
    public TrustConfig(Map<String, ?> originals, Function<String, String> environment) {
        super(CONFIG, originals, false);
        this.environment = environment;
    }

    /** The definition of every key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Inline settings carrying {@code keys}, for a process that generated its own pair (the demo, tests). */
    public static Map<String, String> inline(KeyPair keys) {
        return Map.of(SIGNING_KEY_CONFIG, Ed25519Keys.pem(keys.getPrivate()),
                VERIFY_KEY_CONFIG, Ed25519Keys.pem(keys.getPublic()));
    }

    /** Whether signatures are required ({@value #SIGNATURES_CONFIG}=required). */
    public boolean required() {
        return REQUIRED.equals(getString(SIGNATURES_CONFIG).trim().toLowerCase(Locale.ROOT));
    }

    /** Whether signing is off, or both keys are given (inline, by file or by environment), so nothing is missing. */
    public boolean keysConfigured() {
        return !required() || (given(signingKeyInline(), SIGNING_KEY_FILE_CONFIG, SIGNING_KEY_ENV)
                && given(getString(VERIFY_KEY_CONFIG), VERIFY_KEY_FILE_CONFIG, VERIFY_KEY_ENV));
    }

    /**
     * The trainer's signer.
     *
     * @throws ConfigException naming the settings when signatures are required and a key is missing or unreadable
     */
    public ModelSigner signer() {
        if (!required()) {
            return ModelSigner.unsigned();
        }
        String privateText = keyText(signingKeyInline(), SIGNING_KEY_CONFIG, SIGNING_KEY_FILE_CONFIG, SIGNING_KEY_ENV);
        PrivateKey privateKey = parse(privateText, Ed25519Keys::privateKey, SIGNING_KEY_CONFIG, SIGNING_KEY_FILE_CONFIG,
                SIGNING_KEY_ENV);
        return ModelSigner.ed25519(privateKey, publicKey());
    }

    /**
     * The verifier of scorers, the trainer's champion and the operator commands.
     *
     * @throws ConfigException naming the settings when signatures are required and the public key is missing or unreadable
     */
    public ModelVerifier verifier() {
        return required() ? ModelVerifier.ed25519(publicKey()) : ModelVerifier.acceptUnsigned();
    }

    private PublicKey publicKey() {
        String text = keyText(getString(VERIFY_KEY_CONFIG), VERIFY_KEY_CONFIG, VERIFY_KEY_FILE_CONFIG, VERIFY_KEY_ENV);
        return parse(text, Ed25519Keys::publicKey, VERIFY_KEY_CONFIG, VERIFY_KEY_FILE_CONFIG, VERIFY_KEY_ENV);
    }

    private String signingKeyInline() {
        return Optional.ofNullable(getPassword(SIGNING_KEY_CONFIG)).map(Password::value).orElse("");
    }

    private boolean given(String inline, String fileKey, String env) {
        String fromEnvironment = environment.apply(env);
        return !inline.isBlank() || !getString(fileKey).isBlank() || (fromEnvironment != null && !fromEnvironment.isBlank());
    }

    private String keyText(String inline, String inlineKey, String fileKey, String env) {
        if (!inline.isBlank()) {
            return inline;
        }
        String file = getString(fileKey).trim();
        if (!file.isEmpty()) {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new ConfigException(fileKey, file, "cannot read the key file: " + e);
            }
        }
        String fromEnvironment = environment.apply(env);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        throw new ConfigException(SIGNATURES_CONFIG + "=" + REQUIRED + " needs a key: set " + inlineKey + ", "
                + fileKey + " or the environment variable " + env + " (create a pair with 'streamtrain keys generate'), "
                + "or set " + SIGNATURES_CONFIG + "=" + OFF);
    }

    private static <K> K parse(String text, Function<String, K> reader, String inlineKey, String fileKey, String env) {
        try {
            return reader.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the key given by " + inlineKey + ", " + fileKey + " or " + env
                    + " is unusable: " + e.getMessage());
        }
    }
}
