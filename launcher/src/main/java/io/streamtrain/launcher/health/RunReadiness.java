package io.streamtrain.launcher.health;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import io.streamtrain.launcher.health.Readiness.Status;
import io.streamtrain.launcher.runtime.PipelineRuntime;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether a run of some services is ready: {@code STARTING} until its {@link PipelineRuntime} is up, then
 * {@code UP} while the runtime is healthy and every requested service runs and is healthy, {@code DOWN}
 * otherwise, and {@code STOPPING} from the moment shutdown begins.
 *
 * <p>Once stopping, the runtime is no longer asked: its methods wait while it closes its services.
 */
public final class RunReadiness implements Supplier<Readiness> {

    /** Named in a report when the runtime is unhealthy although every service is: only its embedded broker can be. */
    static final String EMBEDDED_BROKER = "embedded-broker";

    private final Set<ServiceKind> requested;
    private volatile PipelineRuntime runtime;
    private volatile boolean stopping;

    /** A run of {@code requested}, not yet started. */
    public RunReadiness(Set<ServiceKind> requested) {
        this.requested = EnumSet.noneOf(ServiceKind.class);
        this.requested.addAll(requested);
    }

    /** The services have been started on {@code runtime}. */
    public void serving(PipelineRuntime runtime) {
        this.runtime = runtime;
    }

    /** Shutdown has begun. */
    public void stopping() {
        this.stopping = true;
    }

    @Override
    public Readiness get() {
        if (stopping) {
            return new Readiness(Status.STOPPING, allNotRunning());
        }
        PipelineRuntime current = runtime;
        if (current == null) {
            return new Readiness(Status.STARTING, allNotRunning());
        }
        return evaluate(requested, current.health(), current.isHealthy());
    }

    /**
     * Each requested service's state from the runtime's {@link PipelineRuntime#health() health} (absent: not
     * running), plus {@value #EMBEDDED_BROKER} when the runtime is unhealthy and no service explains why.
     */
    static Readiness evaluate(Set<ServiceKind> requested, Map<ServiceKind, Boolean> health, boolean runtimeHealthy) {
        Map<String, ServiceState> services = new LinkedHashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            if (!requested.contains(kind)) {
                continue;
            }
            Boolean healthy = health.get(kind);
            services.put(kind.cliName(), healthy == null ? ServiceState.NOT_RUNNING : healthy ? ServiceState.UP : ServiceState.DOWN);
        }
        boolean servicesHealthy = health.values().stream().allMatch(Boolean::booleanValue);
        if (!runtimeHealthy && servicesHealthy) {
            services.put(EMBEDDED_BROKER, ServiceState.DOWN);
        }
        return Readiness.of(services);
    }

    private Map<String, ServiceState> allNotRunning() {
        Map<String, ServiceState> services = new LinkedHashMap<>();
        requested.forEach(kind -> services.put(kind.cliName(), ServiceState.NOT_RUNNING));
        return services;
    }
}
