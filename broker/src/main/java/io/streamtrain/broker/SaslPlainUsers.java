package io.streamtrain.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The users an {@link EmbeddedKafkaBroker} accepts over SASL/PLAIN. With none, its client listener speaks PLAINTEXT;
 * with at least one, it speaks SASL_PLAINTEXT and refuses clients that do not log in as one of them.
 *
 * @param passwords password by user name; names are letters, digits, {@code .}, {@code _} and {@code -} (they become
 *                  JAAS option names), passwords are non-empty and hold no {@code "} or {@code \}
 */
public record SaslPlainUsers(Map<String, String> passwords) {

    /** No users: the client listener is PLAINTEXT. */
    public static final SaslPlainUsers NONE = new SaslPlainUsers(Map.of());

    /** The user the broker itself logs in as on its own listener; not available to clients. */
    static final String BROKER_USER = "streamtrain-broker";

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    public SaslPlainUsers {
        Objects.requireNonNull(passwords, "passwords");
        passwords.forEach((user, password) -> {
            if (user == null || !USER_NAME.matcher(user).matches()) {
                throw new IllegalArgumentException("SASL user names may only hold letters, digits, '.', '_' and '-', got '"
                        + user + "'");
            }
            if (user.equals(BROKER_USER)) {
                throw new IllegalArgumentException("the SASL user name " + BROKER_USER + " is the broker's own");
            }
            if (password == null || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("the SASL password of user " + user
                        + " must be non-empty and hold no '\"' or '\\'");
            }
        });
        passwords = Map.copyOf(passwords);
    }

    /** True when the client listener authenticates with SASL/PLAIN. */
    public boolean enabled() {
        return !passwords.isEmpty();
    }

    /** These users and one more (replacing an earlier password of the same user). */
    public SaslPlainUsers with(String user, String password) {
        Map<String, String> merged = new HashMap<>(passwords);
        merged.put(user, password);
        return new SaslPlainUsers(merged);
    }

    /**
     * The Kafka client settings that log in as {@code user}: {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config}, without {@code bootstrap.servers}.
     *
     * @throws IllegalArgumentException if {@code user} is not one of these users
     */
    public Map<String, Object> clientSettings(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("unknown SASL user '" + user + "'; the users are " + passwords.keySet());
        }
        return login(user, password);
    }

    static Map<String, Object> login(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** The broker's JAAS entry: it logs in as {@link #BROKER_USER} and accepts that user and these ones. */
    String brokerJaasConfig(String brokerPassword) {
        StringBuilder jaas = new StringBuilder(LOGIN_MODULE).append(" required")
                .append(" username=\"").append(BROKER_USER).append("\" password=\"").append(brokerPassword).append('"')
                .append(" user_").append(BROKER_USER).append("=\"").append(brokerPassword).append('"');
        passwords.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        return jaas.append(';').toString();
    }
}
