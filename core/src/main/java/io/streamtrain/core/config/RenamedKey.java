package io.streamtrain.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key that was renamed: the former name is still read, with one warning per pipeline, when only it is set, and
 * refused when it contradicts its successor. Both names are defined in the {@code ConfigDef}; this decides which one a
 * value is read from, so every renamed key behaves the same.
 */
final class RenamedKey {

    private static final Logger LOG = LoggerFactory.getLogger(RenamedKey.class);

    private final String former;
    private final String successor;
    private final String why;
    /** Pipelines already warned: every service of a run reads the definition, and one warning is enough. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param why why the key was renamed, completing "{@code former} is deprecated (...)"
     */
    RenamedKey(String former, String successor, String why) {
        this.former = Objects.requireNonNull(former, "former");
        this.successor = Objects.requireNonNull(successor, "successor");
        this.why = Objects.requireNonNull(why, "why");
    }

    String former() {
        return former;
    }

    String successor() {
        return successor;
    }

    /** The name to read the value from: the former one only when it alone was set. */
    String keyToRead(Map<String, ?> originals) {
        return originals.containsKey(former) && !originals.containsKey(successor) ? former : successor;
    }

    /**
     * Refuses a former key that contradicts its successor, and warns once per pipeline when the former key is set.
     *
     * @param value the parsed value of a key, by name
     */
    void check(Map<String, ?> originals, Function<String, Object> value, String pipeline) {
        if (!originals.containsKey(former)) {
            return;
        }
        if (originals.containsKey(successor) && !Objects.equals(value.apply(former), value.apply(successor))) {
            throw new ConfigException(former, value.apply(former), "is the deprecated name of " + successor
                    + ", which is set to " + value.apply(successor) + "; remove " + former);
        }
        if (warned.add(pipeline)) {
            LOG.warn("Pipeline {}: {} is deprecated ({}); set {}={} instead", pipeline, former, why, successor, value.apply(former));
        }
    }
}
