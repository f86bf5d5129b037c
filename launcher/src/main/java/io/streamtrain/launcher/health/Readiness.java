package io.streamtrain.launcher.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One answer of a readiness check: the overall status and the state of each service, in a fixed order.
 * The process is ready only when the status is {@link Status#UP}, which requires every service to be up.
 */
public record Readiness(Status status, Map<String, ServiceState> services) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The overall status. */
    public enum Status {
        /** The services are still being started. */
        STARTING,
        /** Every service runs and is healthy. */
        UP,
        /** At least one service is unhealthy or not running. */
        DOWN,
        /** The process is shutting down. */
        STOPPING
    }

    /** The state of one service. */
    public enum ServiceState {
        UP, DOWN, NOT_RUNNING
    }

    public Readiness {
        Objects.requireNonNull(status, "status");
        services = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(services, "services")));
        boolean allUp = allUp(services);
        if (status == Status.UP && !allUp) {
            throw new IllegalArgumentException("status UP needs every service UP: " + services);
        }
        if (status == Status.DOWN && allUp) {
            throw new IllegalArgumentException("status DOWN needs a service that is not UP: " + services);
        }
    }

    /** UP when every service is up, else DOWN. */
    public static Readiness of(Map<String, ServiceState> services) {
        return new Readiness(allUp(services) ? Status.UP : Status.DOWN, services);
    }

    /** True when the process is ready for work. */
    public boolean isReady() {
        return status == Status.UP;
    }

    /** The services that are not up, in order. */
    public List<String> unhealthy() {
        return services.entrySet().stream()
                .filter(entry -> entry.getValue() != ServiceState.UP)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** {@code {"status": ..., "services": {name: state, ...}, "unhealthy": [name, ...]}}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.name());
        ObjectNode states = root.putObject("services");
        services.forEach((name, state) -> states.put(name, state.name()));
        ArrayNode unhealthy = root.putArray("unhealthy");
        unhealthy().forEach(unhealthy::add);
        return root.toString();
    }

    private static boolean allUp(Map<String, ServiceState> services) {
        return services.values().stream().allMatch(ServiceState.UP::equals);
    }
}
