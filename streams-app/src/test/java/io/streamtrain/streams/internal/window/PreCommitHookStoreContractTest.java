package io.streamtrain.streams.internal.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of Kafka Streams that {@link PreCommitHookStore}, the windower's one use of a Kafka Streams internal
 * class, relies on, checked against the Kafka Streams on the class path (the driver runs Streams' own task and commit
 * code): a processor reaches the hook store through its context, and what the hook writes reaches the changelog in
 * the same exactly-once transaction as the input record that left it pending. If this test fails after a Kafka
 * upgrade, the windower may lose the records it holds in memory between commits; see streams-app/README.md.
 */
class PreCommitHookStoreContractTest {

    private static final String STORE = "held";
    private static final String APPLICATION = "contract";
    private static final String CHANGELOG = APPLICATION + "-" + STORE + "-changelog";

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<Bytes, String> changelog;

    @BeforeEach
    void startDriver() {
        Topology topology = new Topology();
        topology.addSource("in", "input");
        topology.addProcessor("hold", HoldUntilCommit::new, "in");
        topology.addStateStore(PreCommitHookStore.builder(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingEnabled()), "hold");
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        driver = new TopologyTestDriver(topology, properties);
        input = driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
        changelog = driver.createOutputTopic(CHANGELOG, new BytesDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldCommitWhatTheHookWritesInTheTransactionOfTheRecordThatLeftItPending() {
        for (String value : new String[] {"a", "b", "c"}) {
            input.pipeInput(value, value);

            // The driver commits after each record; what it captured is what that transaction committed.
            assertThat(changelog.readKeyValuesToList())
                    .as("Kafka Streams must run PreCommitHookStore.flushCache() before it commits the transaction of the"
                            + " input record; if this fails after a Kafka upgrade, the windower can lose records (see"
                            + " streams-app/README.md, \"Kafka Streams internals\")")
                    .containsExactly(KeyValue.pair(key(value), value));
        }
    }

    private static Bytes key(String value) {
        return Bytes.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Holds the latest record in memory and writes it to the store only in the pre-commit hook, as the windower does. */
    private static final class HoldUntilCommit implements Processor<String, String, Void, Void> {

        private String pending;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            PreCommitHookStore store = context.getStateStore(STORE);
            store.beforeCommit(() -> {
                if (pending != null) {
                    store.store().put(key(pending), pending.getBytes(StandardCharsets.UTF_8));
                    pending = null;
                }
            });
        }

        @Override
        public void process(Record<String, String> record) {
            pending = record.value();
        }
    }
}
