package io.streamtrain.broker;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns Kafka's {@code Exit.exit}/{@code Exit.halt} calls into broker faults while embedded brokers run.
 *
 * <p>Kafka's exit procedures are JVM-wide, so this is too: the first registered broker installs the interceptor, the
 * last one to unregister restores Kafka's defaults. The caller of {@code Exit} does not say which broker failed, so
 * every registered broker is told.
 */
final class KafkaExitInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitInterceptor.class);

    private static final Set<Consumer<BrokerFaultException>> LISTENERS = new LinkedHashSet<>();

    private KafkaExitInterceptor() {
    }

    /** Starts telling {@code listener} about faults; installs the interceptor if it is the first. */
    static synchronized void register(Consumer<BrokerFaultException> listener) {
        if (LISTENERS.isEmpty()) {
            Exit.setExitProcedure((status, reason) -> intercept("exit", status, reason));
            Exit.setHaltProcedure((status, reason) -> intercept("halt", status, reason));
        }
        LISTENERS.add(listener);
    }

    /** Stops telling {@code listener}; restores Kafka's exit and halt once no listener is left. */
    static synchronized void unregister(Consumer<BrokerFaultException> listener) {
        if (LISTENERS.remove(listener) && LISTENERS.isEmpty()) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void intercept(String procedure, int status, String reason) {
        BrokerFaultException fault = new BrokerFaultException(procedure, status, reason);
        List<Consumer<BrokerFaultException>> listeners;
        synchronized (KafkaExitInterceptor.class) {
            listeners = new ArrayList<>(LISTENERS);
        }
        LOG.error("Embedded Kafka broker failed: {}. The JVM keeps running; the broker is marked unhealthy and "
                + "should be closed and restarted.", fault.getMessage(), fault);
        listeners.forEach(listener -> listener.accept(fault));
    }
}
