package io.streamtrain.dashboard.data;

import io.streamtrain.messages.ModelEnvelope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the dashboard knows about one pipeline, built from what its topics say: events, model history, the
 * champion on the models topic and samples of the topics' totals. Kafka-free and thread-safe: the follower feeds it,
 * the web server reads snapshots of it.
 */
public final class PipelineActivity {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineActivity.class);
    /** Most model versions in the table and chart; older ones drop out (`streamtrain models list` shows them all). */
    static final int VERSIONS_KEPT = 1_000;
    /** How far back the overview's chart of rates reaches. */
    static final Duration RATES_KEPT = Duration.ofHours(1);

    private final String pipeline;
    private final int eventsKept;
    private final Deque<EventView> recentEvents = new ArrayDeque<>();
    private final List<Consumer<EventView>> listeners = new CopyOnWriteArrayList<>();
    /** The newest versions only: a long-running pipeline publishes thousands, and the registry keeps them all. */
    private final NavigableMap<Long, ModelVersionRow> history = new TreeMap<>();
    /** The same versions' envelopes without model bytes, for the version pages. */
    private final Map<Long, KeptEnvelope> envelopes = new HashMap<>();
    private final Set<Long> rejected = new HashSet<>();
    private final Set<String> untrainedWindows = new HashSet<>();
    private final Map<String, Long> servedByInstance = new TreeMap<>();
    private final Map<String, Long> eventCounts = new TreeMap<>();
    private long champion;
    /** The trial in force, as last reported; null when none runs. */
    private RunningTrial trial;
    private long pinned;
    private long latestPublished;
    private TopicTotals previous;
    private TopicTotals latest;
    private final RateHistory rates = new RateHistory(RATES_KEPT);

    /**
     * @param eventsKept how many recent events to keep for the feed
     */
    public PipelineActivity(String pipeline, int eventsKept) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        if (eventsKept < 1) {
            throw new IllegalArgumentException("eventsKept must be positive, was " + eventsKept);
        }
        this.eventsKept = eventsKept;
    }

    public String pipeline() {
        return pipeline;
    }

    /** Takes in one event from {@code <p>.events} and passes it on to the listeners. */
    public void onEvent(EventView event) {
        synchronized (this) {
            recentEvents.addLast(event);
            while (recentEvents.size() > eventsKept) {
                recentEvents.removeFirst();
            }
            eventCounts.merge(event.type(), 1L, Long::sum);
            apply(event);
        }
        for (Consumer<EventView> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.debug("an event listener of pipeline {} failed: {}", pipeline, e.toString());
            }
        }
    }

    /**
     * Takes in one envelope from {@code <p>.model-history}.
     *
     * @param signingKey the id of the key that signed the record, or null for an unsigned one
     */
    public synchronized void onHistory(ModelEnvelope envelope, String signingKey) {
        history.put(envelope.getVersion(), ModelVersionRow.of(envelope));
        // Plain values keep the model bytes' size only: a model can be megabytes, and a thousand must not fill the heap.
        envelopes.put(envelope.getVersion(), new KeptEnvelope(PlainValues.record(envelope), signingKey));
        latestPublished = Math.max(latestPublished, envelope.getVersion());
        while (history.size() > VERSIONS_KEPT) {
            envelopes.remove(history.pollFirstEntry().getKey());
        }
        long oldestKept = history.firstKey();
        rejected.removeIf(version -> version < oldestKept);
    }

    /** Takes in the version of the envelope now on the compacted {@code <p>.models} topic. */
    public synchronized void onChampion(long version) {
        champion = version;
    }

    /** Takes in the pipeline's pin from the models topic: the pinned version, or 0 once unpinned. */
    public synchronized void onPin(long version) {
        pinned = version;
    }

    /** Takes in a new sample of the topics' totals. */
    public synchronized void onTotals(TopicTotals totals) {
        previous = latest;
        latest = totals;
        if (previous != null) {
            rates.add(previous, latest);
        }
    }

    /** Calls {@code listener} with every event taken in from now on, until it is removed. */
    public void addListener(Consumer<EventView> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<EventView> listener) {
        listeners.remove(listener);
    }

    /** The most recent events, oldest first. */
    public synchronized List<EventView> recentEvents() {
        return List.copyOf(recentEvents);
    }

    /** Every known version, oldest first, with its status. */
    public synchronized List<ModelVersionRow> versions() {
        List<ModelVersionRow> rows = new ArrayList<>(history.size());
        for (ModelVersionRow row : history.values()) {
            rows.add(row.withStatus(status(row)));
        }
        return rows;
    }

    /** Everything known of {@code version}, or empty when it is not among the versions kept. */
    public Optional<ModelVersionDetail> version(long version) {
        ModelVersionRow row;
        KeptEnvelope kept;
        synchronized (this) {
            row = history.get(version);
            kept = envelopes.get(version);
            if (row == null || kept == null) {
                return Optional.empty();
            }
            row = row.withStatus(status(row));
        }
        return Optional.of(new ModelVersionDetail(version, row.status(), kept.signingKey(), kept.envelope()));
    }

    /** Records in, predictions and dead letters per second over the last {@link #RATES_KEPT}, oldest first. */
    public synchronized List<RatePoint> rates() {
        return rates.points();
    }

    public synchronized PipelineOverview overview() {
        TopicTotals now = latest == null ? new TopicTotals(0, 0, 0, Map.of(), 0) : latest;
        return new PipelineOverview(pipeline, now.records(), rate(TopicTotals::records), now.deadLetters(),
                count("WINDOW_CLOSED"), count("MODEL_PUBLISHED"), count("MODEL_REJECTED"), count("MODEL_REFUSED"),
                now.predictions(), rate(TopicTotals::predictions), now.lagByGroup(), trainingStatus(), champion,
                latestPublished, servedByInstance, trial);
    }

    private void apply(EventView event) {
        String batchId = event.attribute("batchId");
        switch (event.type()) {
            case "WINDOW_CLOSED" -> {
                if (batchId != null) {
                    untrainedWindows.add(batchId);
                }
            }
            case "MODEL_PUBLISHED", "MODEL_TRAINED", "MODEL_HELD", "MODEL_BACKFILLED", "BATCH_SKIPPED" -> {
                untrainedWindows.remove(batchId);
                Long version = number(event, "version");
                if (version != null && event.type().equals("MODEL_PUBLISHED")) {
                    latestPublished = Math.max(latestPublished, version);
                }
            }
            case "MODEL_REJECTED" -> {
                untrainedWindows.remove(batchId);
                Long version = number(event, "version");
                if (version != null) {
                    rejected.add(version);
                }
            }
            case "MODEL_LOADED" -> {
                Long version = number(event, "version");
                String instance = event.attribute("instance");
                if (version != null) {
                    servedByInstance.put(instance != null ? instance : event.source(), version);
                }
            }
            case "TRIAL_PROGRESS" -> RunningTrial.of(event).ifPresentOrElse(reported -> trial = reported,
                    () -> LOG.debug("a TRIAL_PROGRESS event of pipeline {} without the attributes of a trial: {}", pipeline, event.attributes()));
            case "TRIAL_DECIDED" -> {
                Long decided = number(event, "challengerVersion");
                if (trial != null && decided != null && decided == trial.challengerVersion()) {
                    trial = null;
                }
            }
            default -> {
                // Other events only appear in the feed.
            }
        }
    }

    private String status(ModelVersionRow row) {
        long version = row.version();
        if (version == pinned) {
            // Normally the champion; not when a promotion raced the pin, and then the page shows both.
            return "pinned";
        }
        if (version == champion) {
            return "champion";
        }
        if (rejected.contains(version)) {
            return "rejected";
        }
        if (row.recordedOnly()) {
            return row.status();
        }
        return champion > 0 && version > champion ? "rolled back" : "superseded";
    }

    private String trainingStatus() {
        return untrainedWindows.isEmpty() ? "idle" : "training (" + untrainedWindows.size() + " window"
                + (untrainedWindows.size() == 1 ? "" : "s") + " waiting)";
    }

    private long count(String type) {
        return eventCounts.getOrDefault(type, 0L);
    }

    private double rate(ToLongFunction<TopicTotals> total) {
        if (previous == null || latest == null || latest.sampledAt() <= previous.sampledAt()) {
            return 0;
        }
        return (total.applyAsLong(latest) - total.applyAsLong(previous)) * 1000.0 / (latest.sampledAt() - previous.sampledAt());
    }

    private record KeptEnvelope(Map<String, Object> envelope, String signingKey) {
    }

    private static Long number(EventView event, String attribute) {
        String value = event.attribute(attribute);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
