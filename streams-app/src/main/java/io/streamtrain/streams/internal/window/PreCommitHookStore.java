package io.streamtrain.streams.internal.window;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that runs a hook just before Kafka Streams flushes its cache for a commit, so that a
 * processor can keep writes in memory between commits and hand them to the store only then.
 *
 * <p>Kafka Streams prepares every commit by flushing the caches of the task's stores (which sends their dirty
 * entries to the changelogs) and then the producer; under exactly-once all of that and the input offsets
 * commit in one transaction. The hook runs first in that flush, so whatever it writes is in the same
 * transaction as the input records that produced it, and a crash before the commit loses both together.
 * The hook lives on the outermost store layer because Streams flushes only the store it registered.
 *
 * <p>This is the streams-app's one use of Kafka Streams internals, kept here on purpose: it relies on
 * {@link WrappedStateStore}, Kafka Streams' own store wrapper (an internal class), being flushed through
 * {@code flushCache()} before each commit. The public hook, {@code StateStore.commit(Map)}, runs in Kafka Streams
 * 4.3 only after the transaction has committed, so writes made there would miss the transaction of the records
 * that caused them; writing every record through to the stores instead costs the windower about twice its stream
 * thread time (BENCHMARKS.md, "Windowing throughput"). {@code PreCommitHookStoreContractTest} fails if a Kafka
 * upgrade changes this behaviour (streams-app/README.md, "Kafka Streams internals").
 *
 * <p>A processor reaches the store with {@code context.getStateStore(name)}; since this class is not a
 * {@link KeyValueStore} itself, Streams hands it out as it is, and {@link #store()} gives the usual (metered,
 * cached, logged) store it wraps.
 */
final class PreCommitHookStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]> {

    private Runnable beforeCommit = () -> { };

    private PreCommitHookStore(KeyValueStore<Bytes, byte[]> wrapped) {
        super(wrapped);
    }

    /** The store this one wraps, for reads and writes. */
    KeyValueStore<Bytes, byte[]> store() {
        return wrapped();
    }

    /** Sets what runs before each commit; replaces the hook of a previous processor instance. */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = Objects.requireNonNull(hook, "hook");
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
        super.flushCache();
    }

    @Override
    public void close() {
        beforeCommit = () -> { };
        super.close();
    }

    /** Builds a {@link PreCommitHookStore} around what {@code inner} builds; configuration goes to {@code inner}. */
    static StoreBuilder<PreCommitHookStore> builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner) {
        return new Builder(inner);
    }

    private record Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner) implements StoreBuilder<PreCommitHookStore> {

        @Override
        public StoreBuilder<PreCommitHookStore> withCachingEnabled() {
            return new Builder(inner.withCachingEnabled());
        }

        @Override
        public StoreBuilder<PreCommitHookStore> withCachingDisabled() {
            return new Builder(inner.withCachingDisabled());
        }

        @Override
        public StoreBuilder<PreCommitHookStore> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<PreCommitHookStore> withLoggingDisabled() {
            return new Builder(inner.withLoggingDisabled());
        }

        @Override
        public PreCommitHookStore build() {
            return new PreCommitHookStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
