package io.streamtrain.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import io.streamtrain.launcher.health.Readiness.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void shouldKeepTheServicesInTheirOrder() {
        Map<String, ServiceState> services = new LinkedHashMap<>();
        services.put("streams-app", ServiceState.UP);
        services.put("trainer", ServiceState.NOT_RUNNING);
        services.put("scorer", ServiceState.DOWN);

        Readiness readiness = Readiness.of(services);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.unhealthy()).containsExactly("trainer", "scorer");
        assertThat(readiness.toJson()).isEqualTo("{\"status\":\"DOWN\","
                + "\"services\":{\"streams-app\":\"UP\",\"trainer\":\"NOT_RUNNING\",\"scorer\":\"DOWN\"},"
                + "\"unhealthy\":[\"trainer\",\"scorer\"]}");
    }

    @Test
    void shouldRefuseAStatusThatContradictsTheServices() {
        assertThatThrownBy(() -> new Readiness(Status.UP, Map.of("trainer", ServiceState.DOWN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UP");
        assertThatThrownBy(() -> new Readiness(Status.DOWN, Map.of("trainer", ServiceState.UP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOWN");
    }

    @Test
    void shouldNotBeReadyWhileStartingOrStopping() {
        assertThat(new Readiness(Status.STARTING, Map.of()).isReady()).isFalse();
        assertThat(new Readiness(Status.STOPPING, Map.of()).isReady()).isFalse();
    }
}
