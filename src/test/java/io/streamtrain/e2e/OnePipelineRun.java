package io.streamtrain.e2e;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.PipelineRuntime;
import io.streamtrain.launcher.runtime.ServiceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One pipeline deployed for a test (on the embedded broker unless its configuration names a cluster), with a producer
 * of string keys and byte values for its topics. Closing it closes both.
 */
final class OnePipelineRun implements AutoCloseable {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

    private final Deployment deployment;
    private final PipelineRuntime runtime;
    private final KafkaProducer<String, byte[]> producer;

    private OnePipelineRun(Deployment deployment, PipelineRuntime runtime, KafkaProducer<String, byte[]> producer) {
        this.deployment = deployment;
        this.runtime = runtime;
        this.producer = producer;
    }

    /** Starts {@code services} of the pipeline that {@code configuration} defines (its {@code pipeline.name} names it). */
    static OnePipelineRun start(Map<String, String> configuration, Set<ServiceKind> services) {
        String name = configuration.get("pipeline.name");
        Deployment deployment = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of(name, configuration))),
                services, null, STEP_TIMEOUT);
        try {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(deployment.clientProperties(), new StringSerializer(),
                    new ByteArraySerializer());
            return new OnePipelineRun(deployment, deployment.pipeline(name), producer);
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    Deployment deployment() {
        return deployment;
    }

    PipelineRuntime runtime() {
        return runtime;
    }

    PipelineTopics topics() {
        return runtime.pipeline().topics();
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    Map<String, Object> clientProperties() {
        return deployment.clientProperties();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        deployment.close();
    }
}
