package io.streamtrain.broker;

import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaExitInterceptorTest {

    @Test
    void shouldTurnExitAndHaltIntoFaultsWhileRegistered() {
        List<BrokerFaultException> faults = new ArrayList<>();
        Consumer<BrokerFaultException> listener = faults::add;
        KafkaExitInterceptor.register(listener);
        try {
            Exit.exit(1, "log dir failed");
            Exit.halt(2);
        } finally {
            KafkaExitInterceptor.unregister(listener);
        }

        assertThat(faults).hasSize(2);
        assertThat(faults.get(0).procedure()).isEqualTo("exit");
        assertThat(faults.get(0).statusCode()).isEqualTo(1);
        assertThat(faults.get(0)).hasMessageContaining("log dir failed");
        assertThat(faults.get(1).procedure()).isEqualTo("halt");
        assertThat(faults.get(1).statusCode()).isEqualTo(2);
    }

    @Test
    void shouldTellEveryRegisteredListenerAndStayInstalledUntilTheLastLeaves() {
        List<BrokerFaultException> first = new ArrayList<>();
        List<BrokerFaultException> second = new ArrayList<>();
        Consumer<BrokerFaultException> firstListener = first::add;
        Consumer<BrokerFaultException> secondListener = second::add;
        KafkaExitInterceptor.register(firstListener);
        KafkaExitInterceptor.register(secondListener);
        try {
            Exit.halt(1, "both");
            KafkaExitInterceptor.unregister(firstListener);
            // Still intercepted: without the interceptor this halt would end the test JVM.
            Exit.halt(1, "second only");
        } finally {
            KafkaExitInterceptor.unregister(firstListener);
            KafkaExitInterceptor.unregister(secondListener);
        }

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(2);
    }
}
