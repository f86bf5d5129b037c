package io.streamtrain.scorer.events;

import io.streamtrain.messages.PipelineEvent;

/**
 * Where the scorer reports what happened (model loaded or refused, service started or stopped). Events
 * are informational: publishing one must never block scoring for long or fail the caller.
 */
@FunctionalInterface
public interface EventSink {

    /** Publishes {@code event}; failures are logged, not thrown. */
    void publish(PipelineEvent event);
}
