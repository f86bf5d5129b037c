package io.streamtrain.launcher.runtime;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.service.PipelineService;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.dashboard.DashboardService;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import io.streamtrain.scorer.api.ScorerHttpServer;
import io.streamtrain.streams.StreamsAppConfig;
import io.streamtrain.streams.StreamsAppService;
import io.streamtrain.trainer.TrainerConfig;
import io.streamtrain.trainer.TrainerService;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The services of a pipeline, in the order they start: each one's input is the previous one's output; the dashboard,
 * which only reads, starts last.
 */
public enum ServiceKind {
    STREAMS_APP("streams-app") {
        @Override
        PipelineService create(PipelineDefinition definition, Optional<ScorerHttpServer> restApi) {
            return new StreamsAppService(new StreamsAppConfig(definition));
        }
    },
    TRAINER("trainer") {
        @Override
        PipelineService create(PipelineDefinition definition, Optional<ScorerHttpServer> restApi) {
            TrainerConfig config = new TrainerConfig(definition);
            // The hyperparameter search spreads its fits over trainer.threads of its own, off the window's training thread.
            BatchTrainer trainer = BatchTrainer.withTuningThreads(config.threads());
            return new TrainerService(config, trainer::train, Clock.systemUTC());
        }
    },
    SCORER("scorer") {
        @Override
        PipelineService create(PipelineDefinition definition, Optional<ScorerHttpServer> restApi) {
            ScorerConfig config = new ScorerConfig(definition);
            return restApi.map(api -> new ScorerService(config, api, Clock.systemUTC()))
                    .orElseGet(() -> new ScorerService(config, Clock.systemUTC()));
        }

        /** A transient pipeline's requests are answered per window by its trainer; it has no stored model to serve. */
        @Override
        public boolean runsFor(PipelineConfig pipeline) {
            return pipeline.mode() != PipelineMode.TRANSIENT;
        }
    },
    DASHBOARD("dashboard") {
        @Override
        PipelineService create(PipelineDefinition definition, Optional<ScorerHttpServer> restApi) {
            return new DashboardService(new DashboardConfig(definition), Clock.systemUTC());
        }
    };

    private final String cliName;

    ServiceKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in logs, for example {@code streams-app}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Creates the service, not yet started, from the pipeline's definition: its configuration reads the service's own
     * keys from it ({@link io.streamtrain.core.config.ServiceConfig}).
     *
     * @param restApi the deployment's shared REST API, which a scorer registers with instead of serving its own
     */
    abstract PipelineService create(PipelineDefinition definition, Optional<ScorerHttpServer> restApi);

    /** Whether a deployment of {@code pipeline} runs this service. */
    public boolean runsFor(PipelineConfig pipeline) {
        return true;
    }

    /** The kind named {@code name} on the command line. */
    public static ServiceKind fromCliName(String name) {
        for (ServiceKind kind : values()) {
            if (kind.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "'; choose streams-app, trainer, scorer or dashboard");
    }
}
