package io.streamtrain.scorer.testing;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.scorer.api.HttpSettings;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelLoading;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real model served over REST for a whole test class, as a JUnit extension on a static field
 * ({@code @RegisterExtension static final ServedModel served = new ServedModel(...)}): before the class, the model is
 * made, loaded natively into a {@link CurrentModel} the way the follower loads it, and a {@link DemoServer} started;
 * after it, the server is closed.
 */
public final class ServedModel implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<ModelEnvelope> model;
    private final HttpSettings settings;
    private final CurrentModel current = new CurrentModel();
    private DemoServer server;

    /**
     * @param model    makes the envelope to serve (a real trained model), called once before the class
     * @param settings the server's REST settings
     */
    public ServedModel(Supplier<ModelEnvelope> model, HttpSettings settings) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Fixtures.install(current, model.get(), ModelLoading.verified());
        server = DemoServer.start(current, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** Where the served model is installed. */
    public CurrentModel current() {
        return current;
    }

    /** A client of the server. */
    public RestClient client() {
        return server.client();
    }
}
