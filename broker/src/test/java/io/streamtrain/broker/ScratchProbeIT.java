package io.streamtrain.broker;

import org.junit.jupiter.api.Test;
import java.net.*;

class ScratchProbeIT {
    @Test
    void probe() throws Exception {
        long t = System.nanoTime();
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults())) {
            System.out.println("STARTED in " + (System.nanoTime() - t) / 1_000_000 + " ms at " + b.bootstrapServers());
            t = System.nanoTime();
        }
        System.out.println("CLOSED in " + (System.nanoTime() - t) / 1_000_000);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults().withPort(s.getLocalPort()))) {
                System.out.println("UNEXPECTED");
            } catch (Exception e) {
                System.out.println("FAILED AS EXPECTED");
                e.printStackTrace(System.out);
            }
        }
    }
}
