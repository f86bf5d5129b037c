package io.streamtrain.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import io.streamtrain.launcher.health.Readiness.Status;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunReadinessTest {

    private static final Set<ServiceKind> TRAINER_AND_SCORER = EnumSet.of(ServiceKind.SCORER, ServiceKind.TRAINER);

    @Test
    void shouldBeStartingWithEveryRequestedServiceNotRunningBeforeTheRuntimeIsUp() {
        Readiness readiness = new RunReadiness(TRAINER_AND_SCORER).get();

        assertThat(readiness.status()).isEqualTo(Status.STARTING);
        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.services()).containsExactly(
                Map.entry("trainer", ServiceState.NOT_RUNNING), Map.entry("scorer", ServiceState.NOT_RUNNING));
    }

    @Test
    void shouldBeStoppingOnceShutdownBegins() {
        RunReadiness run = new RunReadiness(TRAINER_AND_SCORER);

        run.stopping();

        assertThat(run.get().status()).isEqualTo(Status.STOPPING);
        assertThat(run.get().unhealthy()).containsExactly("trainer", "scorer");
    }

    @Test
    void shouldBeUpWhenEveryRequestedServiceRunsHealthy() {
        Readiness readiness = RunReadiness.evaluate(TRAINER_AND_SCORER,
                Map.of(ServiceKind.TRAINER, true, ServiceKind.SCORER, true), true);

        assertThat(readiness.isReady()).isTrue();
        assertThat(readiness.services()).containsExactly(Map.entry("trainer", ServiceState.UP), Map.entry("scorer", ServiceState.UP));
    }

    @Test
    void shouldNameAnUnhealthyService() {
        Readiness readiness = RunReadiness.evaluate(TRAINER_AND_SCORER,
                Map.of(ServiceKind.TRAINER, false, ServiceKind.SCORER, true), false);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.unhealthy()).containsExactly("trainer");
    }

    @Test
    void shouldNameARequestedServiceThatIsNotRunning() {
        Readiness readiness = RunReadiness.evaluate(TRAINER_AND_SCORER, Map.of(ServiceKind.SCORER, true), true);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.services()).containsEntry("trainer", ServiceState.NOT_RUNNING);
        assertThat(readiness.unhealthy()).containsExactly("trainer");
    }

    @Test
    void shouldNameTheEmbeddedBrokerWhenTheRuntimeIsUnhealthyButNoServiceIs() {
        Readiness readiness = RunReadiness.evaluate(EnumSet.of(ServiceKind.TRAINER), Map.of(ServiceKind.TRAINER, true), false);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.unhealthy()).containsExactly("embedded-broker");
    }
}
