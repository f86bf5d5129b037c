package io.streamtrain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslPlainUsersTest {

    @Test
    void shouldGiveClientSettingsThatLogInAsTheUser() {
        SaslPlainUsers users = SaslPlainUsers.NONE.with("alice", "s3cret");

        assertThat(users.enabled()).isTrue();
        assertThat(users.clientSettings("alice"))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"s3cret\";");
    }

    @Test
    void shouldBePlaintextWithoutUsers() {
        assertThat(SaslPlainUsers.NONE.enabled()).isFalse();
        assertThat(EmbeddedBrokerSettings.defaults().saslUsers()).isEqualTo(SaslPlainUsers.NONE);
    }

    @Test
    void shouldRefuseAnUnknownUser() {
        assertThatThrownBy(() -> SaslPlainUsers.NONE.with("alice", "s3cret").clientSettings("bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bob").hasMessageContaining("alice");
    }

    @Test
    void shouldRefuseNamesAndPasswordsThatWouldBreakTheJaasEntry() {
        assertThatThrownBy(() -> new SaslPlainUsers(Map.of("al ice", "x"))).hasMessageContaining("al ice");
        assertThatThrownBy(() -> new SaslPlainUsers(Map.of("alice", "a\"b"))).hasMessageContaining("alice");
        assertThatThrownBy(() -> new SaslPlainUsers(Map.of("alice", ""))).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> new SaslPlainUsers(Map.of(SaslPlainUsers.BROKER_USER, "x")))
                .hasMessageContaining("broker's own");
    }

    @Test
    void shouldRefuseSaslKeysAsOverrides() {
        assertThatThrownBy(() -> EmbeddedBrokerSettings.defaults().withOverride("sasl.enabled.mechanisms", "SCRAM-SHA-256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sasl.enabled.mechanisms");
    }
}
