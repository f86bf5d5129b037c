/**
 * Kafka for streamtrain: an in-process single-node KRaft broker ({@link io.streamtrain.broker.EmbeddedKafkaBroker})
 * for development, demos and tests, and the {@link io.streamtrain.broker.TopicProvisioner} that creates a
 * pipeline's topics on any cluster, embedded or external.
 */
package io.streamtrain.broker;
