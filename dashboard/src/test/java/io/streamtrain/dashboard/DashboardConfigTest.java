package io.streamtrain.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    @Test
    void shouldListenOnLoopbackUnlessAnotherInterfaceIsAskedFor() {
        assertThat(new DashboardConfig(Map.of()).host()).isEqualTo("127.0.0.1");
        assertThat(new DashboardConfig(Map.of(DashboardConfig.HOST_CONFIG, "0.0.0.0")).host()).isEqualTo("0.0.0.0");
    }
}
