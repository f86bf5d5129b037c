package io.streamtrain.scorer.testing;

import io.streamtrain.scorer.api.HttpSettings;
import io.streamtrain.scorer.api.ScorerHttpServer;
import io.streamtrain.scorer.model.CurrentModel;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * A started scorer REST server of the demo pipeline ({@link Fixtures#CONFIG}) that serves the models of a
 * {@link CurrentModel} with a quiet live monitor, and a client of it.
 *
 * @param server the running server
 * @param client a client of the server's port
 */
public record DemoServer(ScorerHttpServer server, RestClient client) implements AutoCloseable {

    /** Starts a server with {@code settings}, live while {@code alive} says so, stamping predictions with {@code clock}. */
    public static DemoServer start(CurrentModel current, BooleanSupplier alive, HttpSettings settings, Clock clock) {
        ScorerHttpServer server = new ScorerHttpServer(Fixtures.CONFIG, current, Fixtures.quietMonitor(current), alive, settings, clock);
        server.start();
        return new DemoServer(server, new RestClient(server.port()));
    }

    /** Starts a server with {@code settings} that is always live and stamps predictions with the system clock. */
    public static DemoServer start(CurrentModel current, HttpSettings settings) {
        return start(current, () -> true, settings, Clock.systemUTC());
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
