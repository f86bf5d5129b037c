package io.streamtrain.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The two ports one broker start uses: the PLAINTEXT client port and the KRaft controller port.
 *
 * <p>A port picked here is only free at the moment it is picked: another process can take it before the broker binds
 * it, so {@link EmbeddedKafkaBroker#start} picks again when binding fails.
 */
record BrokerPorts(int client, int controller) {

    static final String HOST = "127.0.0.1";

    BrokerPorts {
        if (client <= 0 || controller <= 0 || client == controller) {
            throw new IllegalArgumentException("need two distinct ports, got " + client + " and " + controller);
        }
    }

    /** The settings' ports, with a free port in place of each {@code 0}. */
    static BrokerPorts resolve(EmbeddedBrokerSettings settings) {
        if (settings.port() != 0 && settings.controllerPort() != 0) {
            return new BrokerPorts(settings.port(), settings.controllerPort());
        }
        int[] free = twoFreePorts();
        // The two free ports differ, so whichever port is fixed, one of them is left for the other role.
        int client = settings.port() != 0 ? settings.port()
                : free[0] != settings.controllerPort() ? free[0] : free[1];
        int controller = settings.controllerPort() != 0 ? settings.controllerPort()
                : free[1] != client ? free[1] : free[0];
        return new BrokerPorts(client, controller);
    }

    @Override
    public String toString() {
        return "client port " + client + " and controller port " + controller;
    }

    /** Two distinct ports that were free a moment ago; both sockets are open at once so the OS cannot repeat one. */
    private static int[] twoFreePorts() {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(HOST));
             ServerSocket second = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free ports on " + HOST, e);
        }
    }
}
