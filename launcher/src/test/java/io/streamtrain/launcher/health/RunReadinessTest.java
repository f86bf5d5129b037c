package io.streamtrain.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import io.streamtrain.launcher.health.Readiness.Status;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunReadinessTest {

    private static final Set<ServiceKind> TRAINER_AND_SCORER = EnumSet.of(ServiceKind.SCORER, ServiceKind.TRAINER);
    private static final List<String> ONE_PIPELINE = List.of("churn");
    private static final List<String> TRAINER_AND_SCORER_NAMES = RunReadiness.names(ONE_PIPELINE, TRAINER_AND_SCORER);

    @Test
    void shouldBeStartingWithEveryRequestedServiceNotRunningBeforeTheRuntimeIsUp() {
        Readiness readiness = new RunReadiness(ONE_PIPELINE, TRAINER_AND_SCORER).get();

        assertThat(readiness.status()).isEqualTo(Status.STARTING);
        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.services()).containsExactly(
                Map.entry("trainer", ServiceState.NOT_RUNNING), Map.entry("scorer", ServiceState.NOT_RUNNING));
    }

    @Test
    void shouldBeStoppingOnceShutdownBegins() {
        RunReadiness run = new RunReadiness(ONE_PIPELINE, TRAINER_AND_SCORER);

        run.stopping();

        assertThat(run.get().status()).isEqualTo(Status.STOPPING);
        assertThat(run.get().unhealthy()).containsExactly("trainer", "scorer");
    }

    @Test
    void shouldBeUpWhenEveryRequestedServiceRunsHealthy() {
        Readiness readiness = RunReadiness.evaluate(TRAINER_AND_SCORER_NAMES,
                Map.of("trainer", true, "scorer", true), true);

        assertThat(readiness.isReady()).isTrue();
        assertThat(readiness.services()).containsExactly(Map.entry("trainer", ServiceState.UP), Map.entry("scorer", ServiceState.UP));
    }

    @Test
    void shouldNameAnUnhealthyService() {
        Readiness readiness = RunReadiness.evaluate(TRAINER_AND_SCORER_NAMES,
                Map.of("trainer", false, "scorer", true), false);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.unhealthy()).containsExactly("trainer");
    }

    @Test
    void shouldNameARequestedServiceThatIsNotRunning() {
        Readiness readiness = RunReadiness.evaluate(TRAINER_AND_SCORER_NAMES, Map.of("scorer", true), true);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.services()).containsEntry("trainer", ServiceState.NOT_RUNNING);
        assertThat(readiness.unhealthy()).containsExactly("trainer");
    }

    @Test
    void shouldNameTheEmbeddedBrokerWhenTheRuntimeIsUnhealthyButNoServiceIs() {
        Readiness readiness = RunReadiness.evaluate(List.of("trainer"), Map.of("trainer", true), false);

        assertThat(readiness.status()).isEqualTo(Status.DOWN);
        assertThat(readiness.unhealthy()).containsExactly("embedded-broker");
    }

    @Test
    void shouldNameEachServiceByItsPipelineWhenSeveralPipelinesRun() {
        RunReadiness run = new RunReadiness(List.of("churn", "housing"), TRAINER_AND_SCORER);

        assertThat(run.get().services()).containsOnlyKeys("churn/trainer", "churn/scorer", "housing/trainer", "housing/scorer");
        assertThat(RunReadiness.names(List.of("churn", "housing"), TRAINER_AND_SCORER))
                .containsExactly("churn/trainer", "churn/scorer", "housing/trainer", "housing/scorer");
    }
}
