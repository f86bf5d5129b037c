package io.streamtrain.launcher.health;

import io.streamtrain.launcher.health.Readiness.ServiceState;
import io.streamtrain.launcher.health.Readiness.Status;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether a run of some services is ready: {@code STARTING} until its {@link Deployment} is up, then
 * {@code UP} while the deployment is healthy and every requested service of every pipeline runs and is ready (healthy,
 * and it has reached Kafka within {@code health.kafka.unreachable.ms}), {@code DOWN} otherwise, and {@code STOPPING}
 * from the moment shutdown begins. With several pipelines each service is named {@code <pipeline>/<service>}. A service
 * cut off from Kafka turns the run {@code DOWN} but not unhealthy: the run keeps going and turns {@code UP} again when
 * Kafka is back.
 *
 * <p>Once stopping, the deployment is no longer asked: its methods wait while it closes its services.
 */
public final class RunReadiness implements Supplier<Readiness> {

    /** Named in a report when the runtime is unhealthy although every service is: only its embedded broker can be. */
    static final String EMBEDDED_BROKER = "embedded-broker";

    /** The requested services as the deployment names them ({@link Deployment#serviceName}), pipeline by pipeline. */
    private final List<String> requested;
    private volatile Deployment deployment;
    private volatile boolean stopping;

    /** A run of the services {@code requested} of each of {@code pipelines}, not yet started. */
    public RunReadiness(List<String> pipelines, Set<ServiceKind> requested) {
        this.requested = names(pipelines, requested);
    }

    /** The services have been started by {@code deployment}. */
    public void serving(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Each requested service's name, in pipeline order and, within a pipeline, in service order. */
    static List<String> names(List<String> pipelines, Set<ServiceKind> requested) {
        List<String> names = new ArrayList<>();
        for (String pipeline : pipelines) {
            for (ServiceKind kind : ServiceKind.values()) {
                if (requested.contains(kind)) {
                    names.add(Deployment.serviceName(pipelines, pipeline, kind));
                }
            }
        }
        return List.copyOf(names);
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
        Deployment current = deployment;
        if (current == null) {
            return new Readiness(Status.STARTING, allNotRunning());
        }
        return evaluate(requested, current.readiness(), current.isHealthy());
    }

    /**
     * Each requested service's state from the deployment's {@link Deployment#readiness() readiness} (absent: not
     * running), plus {@value #EMBEDDED_BROKER} when the deployment is unhealthy and no service explains why.
     */
    static Readiness evaluate(List<String> requested, Map<String, Boolean> health, boolean runtimeHealthy) {
        Map<String, ServiceState> services = new LinkedHashMap<>();
        for (String name : requested) {
            Boolean healthy = health.get(name);
            services.put(name, healthy == null ? ServiceState.NOT_RUNNING : healthy ? ServiceState.UP : ServiceState.DOWN);
        }
        boolean servicesHealthy = health.values().stream().allMatch(Boolean::booleanValue);
        if (!runtimeHealthy && servicesHealthy) {
            services.put(EMBEDDED_BROKER, ServiceState.DOWN);
        }
        return Readiness.of(services);
    }

    private Map<String, ServiceState> allNotRunning() {
        Map<String, ServiceState> services = new LinkedHashMap<>();
        requested.forEach(name -> services.put(name, ServiceState.NOT_RUNNING));
        return services;
    }
}
