package io.streamtrain.broker;

import io.streamtrain.core.topics.PipelineTopics;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** The server configuration of the embedded single-node KRaft broker. */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String SASL_CLIENT_LISTENER = "SASL_PLAINTEXT";
    static final String SASL_JAAS_CONFIG_KEY = "listener.name.sasl_plaintext.plain.sasl.jaas.config";

    /**
     * Room above the largest model envelope for the record batch and record headers around it: the topic's
     * {@code max.message.bytes} limits the envelope, and the broker-wide limits must never be the tighter ones.
     */
    static final int LARGEST_BATCH_BYTES = PipelineTopics.MODEL_MAX_MESSAGE_BYTES + 1024 * 1024;

    /**
     * The log cleaner allocates its dedupe buffer up front; Kafka's default of 128 MiB has been seen to exhaust a
     * small heap, and an out-of-memory in the cleaner is a fatal broker fault.
     */
    static final int CLEANER_DEDUPE_BUFFER_BYTES = 8 * 1024 * 1024;

    private BrokerProperties() {
    }

    /** The broker configs for one start with a PLAINTEXT client listener; {@code overrides} are applied last. */
    static Properties of(Path dataDir, BrokerPorts ports, Map<String, String> overrides) {
        return of(dataDir, ports, SaslPlainUsers.NONE, "", overrides);
    }

    /**
     * The broker configs for one start; {@code overrides} are applied last.
     *
     * @param users          SASL/PLAIN users; any makes the client listener SASL_PLAINTEXT
     * @param brokerPassword the password the broker logs in with on its own SASL listener
     */
    static Properties of(Path dataDir, BrokerPorts ports, SaslPlainUsers users, String brokerPassword,
                         Map<String, String> overrides) {
        Properties props = new Properties();
        String logDir = dataDir.toAbsolutePath().toString();
        String host = BrokerPorts.HOST;
        String clientListener = users.enabled() ? SASL_CLIENT_LISTENER : CLIENT_LISTENER;

        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + ports.controller());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", clientListener + "://" + host + ":" + ports.client() + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + ports.controller());
        props.put("advertised.listeners", clientListener + "://" + host + ":" + ports.client());
        props.put("listener.security.protocol.map",
                clientListener + ":" + clientListener + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", clientListener);
        if (users.enabled()) {
            // The controller listener stays on loopback PLAINTEXT: only this node ever connects to it.
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            props.put(SASL_JAAS_CONFIG_KEY, users.brokerJaasConfig(brokerPassword));
        }
        props.put("log.dirs", logDir);
        props.put("metadata.log.dir", logDir);

        // One node: every internal topic can only have one replica, and acks=all must be satisfiable.
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");

        // Kafka's 50 offset partitions spread group load over brokers; one node gains nothing but more files to load.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        // Consumers and Streams apps join at once instead of waiting for more members that will never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose by the TopicProvisioner, with their configs; a typo must not create one.
        props.put("auto.create.topics.enable", "false");

        props.put("message.max.bytes", String.valueOf(LARGEST_BATCH_BYTES));
        props.put("replica.fetch.max.bytes", String.valueOf(LARGEST_BATCH_BYTES));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_DEDUPE_BUFFER_BYTES));
        // The model topic is compacted: a short backoff lets superseded models go soon after they are replaced.
        props.put("log.cleaner.backoff.ms", "1000");

        props.putAll(overrides);
        return props;
    }
}
