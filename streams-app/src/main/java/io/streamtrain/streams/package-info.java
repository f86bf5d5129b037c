/**
 * The streams-app: a Kafka Streams service that validates a pipeline's input records, dead-letters bad
 * ones, and windows the valid ones by event time into micro-batches for the trainer.
 *
 * <p>Public API: {@link io.streamtrain.streams.IngestTopology} (the topology as a function of the pipeline
 * definition), {@link io.streamtrain.streams.StreamsAppConfig} (the service's configuration),
 * {@link io.streamtrain.streams.StreamsAppService} (lifecycle) and {@link io.streamtrain.streams.StreamsApp}
 * ({@code main}). Everything under {@code internal} may change without notice.
 */
package io.streamtrain.streams;
