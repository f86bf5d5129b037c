package io.streamtrain.scorer.api;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.scorer.drift.LiveMonitor;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelVersions;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A pipeline the REST API serves: its definition, the model its scorer keeps current, and whether that scorer runs.
 *
 * @param pipeline the pipeline's definition (name, input schema, features)
 * @param current  the model the pipeline's scorer serves
 * @param monitor  drift and live quality of that model
 * @param alive    whether the pipeline's scorer runs (its model follower and scoring loop)
 * @param ready    whether that scorer can work: it runs and has reached Kafka lately
 * @param admin    the pipeline's registry operations, if this server offers them
 * @param versions the versions of the model history a predict request may ask for ({@code ?version=N}); without
 *                 them only the served version is answered
 */
public record ServedPipeline(PipelineConfig pipeline, CurrentModel current, LiveMonitor monitor, BooleanSupplier alive,
                             BooleanSupplier ready, Optional<RegistryAdmin> admin, Optional<ModelVersions> versions) {

    public ServedPipeline {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(alive, "alive");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(versions, "versions");
    }

    /** A pipeline whose predict requests are answered by the served version only. */
    public ServedPipeline(PipelineConfig pipeline, CurrentModel current, LiveMonitor monitor, BooleanSupplier alive,
                          BooleanSupplier ready, Optional<RegistryAdmin> admin) {
        this(pipeline, current, monitor, alive, ready, admin, Optional.empty());
    }

    /** A pipeline whose scorer is ready whenever it runs. */
    public ServedPipeline(PipelineConfig pipeline, CurrentModel current, LiveMonitor monitor, BooleanSupplier alive,
                          Optional<RegistryAdmin> admin) {
        this(pipeline, current, monitor, alive, alive, admin);
    }

    /** A pipeline served without registry operations, whose scorer is ready whenever it runs. */
    public ServedPipeline(PipelineConfig pipeline, CurrentModel current, LiveMonitor monitor, BooleanSupplier alive) {
        this(pipeline, current, monitor, alive, alive, Optional.empty());
    }

    public String name() {
        return pipeline.pipelineName();
    }
}
