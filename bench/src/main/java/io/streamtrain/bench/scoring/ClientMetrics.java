package io.streamtrain.bench.scoring;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads a metric of an in-process Kafka client from its JMX bean ({@code kafka.producer:type=producer-metrics} and
 * the like). The scorer's clients are private to it; their metrics are how a benchmark sees inside them.
 */
final class ClientMetrics {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private ClientMetrics() {
    }

    /**
     * The value of {@code attribute} on the one bean of {@code type} (for example {@code kafka.producer:type=producer-metrics})
     * whose client id ends with {@code clientIdSuffix}, or NaN when there is no such bean.
     */
    static double value(String type, String clientIdSuffix, String attribute) {
        try {
            Set<ObjectName> names = SERVER.queryNames(new ObjectName(type + ",client-id=*"), null);
            for (ObjectName name : names) {
                if (name.getKeyProperty("client-id").endsWith(clientIdSuffix)) {
                    return ((Number) SERVER.getAttribute(name, attribute)).doubleValue();
                }
            }
            return Double.NaN;
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + attribute + " of " + type + " client *" + clientIdSuffix, e);
        }
    }
}
