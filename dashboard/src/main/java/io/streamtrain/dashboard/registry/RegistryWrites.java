package io.streamtrain.dashboard.registry;

import io.streamtrain.registry.ModelRegistry;
import java.util.OptionalLong;

/** The registry writes the dashboard offers; {@link #of} adapts the {@link ModelRegistry} every tool shares. */
public interface RegistryWrites extends AutoCloseable {

    void rollback(long version, String operator);

    long pin(OptionalLong version, String operator, String reason);

    void unpin(String operator, String reason);

    @Override
    void close();

    static RegistryWrites of(ModelRegistry registry) {
        return new RegistryWrites() {
            @Override
            public void rollback(long version, String operator) {
                registry.rollback(version, operator);
            }

            @Override
            public long pin(OptionalLong version, String operator, String reason) {
                return registry.pin(version, operator, reason);
            }

            @Override
            public void unpin(String operator, String reason) {
                registry.unpin(operator, reason);
            }

            @Override
            public void close() {
                registry.close();
            }
        };
    }
}
