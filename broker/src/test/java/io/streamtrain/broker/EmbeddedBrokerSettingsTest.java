package io.streamtrain.broker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedBrokerSettingsTest {

    @Test
    void shouldUseTempDirAndFreePortsByDefault() {
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.defaults();

        assertThat(settings.dataDir()).isNull();
        assertThat(settings.port()).isZero();
        assertThat(settings.controllerPort()).isZero();
        assertThat(settings.overrides()).isEmpty();
    }

    @Test
    void shouldReturnChangedCopiesFromWithers() {
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.defaults()
                .withDataDir(Path.of("data"))
                .withPort(9092)
                .withControllerPort(9093)
                .withOverride("log.retention.ms", "1000")
                .withOverride("log.retention.ms", "2000");

        assertThat(settings).isEqualTo(
                new EmbeddedBrokerSettings(Path.of("data"), 9092, 9093, Map.of("log.retention.ms", "2000")));
        assertThat(EmbeddedBrokerSettings.defaults().port()).isZero();
    }

    @Test
    void shouldRejectPortsOutOfRange() {
        assertThatThrownBy(() -> EmbeddedBrokerSettings.defaults().withPort(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> EmbeddedBrokerSettings.defaults().withControllerPort(65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("controllerPort");
    }

    @Test
    void shouldRejectSameFixedPortForClientsAndController() {
        assertThatThrownBy(() -> new EmbeddedBrokerSettings(null, 9092, 9092, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
    }

    @Test
    void shouldRejectOverridesOfKeysTheBrokerDerives() {
        assertThatThrownBy(() -> EmbeddedBrokerSettings.defaults().withOverride("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    @Test
    void shouldRejectNullOverrideValues() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("log.retention.ms", null);

        assertThatThrownBy(() -> new EmbeddedBrokerSettings(null, 0, 0, overrides))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log.retention.ms");
    }

    @Test
    void shouldNotShareTheCallersOverrideMap() {
        Map<String, String> overrides = new HashMap<>(Map.of("log.retention.ms", "1000"));
        EmbeddedBrokerSettings settings = new EmbeddedBrokerSettings(null, 0, 0, overrides);

        overrides.put("log.retention.ms", "5");

        assertThat(settings.overrides()).containsEntry("log.retention.ms", "1000");
    }
}
