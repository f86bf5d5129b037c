package io.streamtrain.streams;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineMode;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.streams.backfill.BackfillRangeFilter;
import io.streamtrain.streams.backfill.BackfillRequest;
import io.streamtrain.streams.backfill.BackfillTally;
import io.streamtrain.streams.internal.control.CloseRequestIndex;
import io.streamtrain.streams.internal.control.CloseRequestReader;
import io.streamtrain.streams.internal.validate.IngestOutput;
import io.streamtrain.streams.internal.validate.RecordValidation;
import io.streamtrain.streams.internal.validate.RecordValidator;
import io.streamtrain.streams.internal.validate.ScoreRequestValidator;
import io.streamtrain.streams.internal.window.Emission;
import io.streamtrain.streams.internal.window.MicroBatchWindower;
import io.streamtrain.streams.internal.window.WindowInput;
import io.streamtrain.streams.internal.window.WindowerSettings;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The streams-app topology of one pipeline, as a pure function of its definition and the input topic's
 * partition count.
 *
 * <pre>
 * &lt;p&gt;.records ─► ingest-validate ─┬─► dead letters (original key, value, headers + error headers) ─► &lt;p&gt;.dlq
 *   (raw bytes)                   └─► clean records and refusal notices
 * &lt;p&gt;.control ─► control-close-requests (RETRAIN_REQUESTED events) ──┐
 *                                       ─► window-micro-batches ◄───────┘
 *                                                                ┬─► batch chunks + manifests ─► &lt;p&gt;.batches
 *                                                                │   (parts and progress with several input partitions)
 *                                                                ├─► WINDOW_CLOSED events    ─► &lt;p&gt;.events
 *                                                                ├─► full-window notices     ─► &lt;p&gt;.control
 *                                                                │   (several input partitions)
 *                                                                └─► late records            ─► &lt;p&gt;.dlq
 * </pre>
 *
 * Validation and windowing run in the same task, one task per input partition, with no repartition topic: intake
 * grows with partitions and instances. With one input partition the windower writes whole windows; with several,
 * each task writes its part of each window and the trainer assembles them (see {@code MicroBatchWindower} and the
 * streams-app README). Since the partition count is read when the streams-app starts, adding partitions to the input
 * topic takes a restart. Nodes whose names start with {@value #STATELESS_NODE_PREFIX} are stateless; the processing
 * error policy relies on it.
 *
 * <p>The control topic (one partition) carries requests to close the open windows early, which the scorer sends when
 * it detects drift. With one input partition they reach the windower merged with its records; with several, every
 * task must act on them, so they are kept in a global store ({@code CloseRequestIndex}) that every task's windower
 * reads at each wall-clock check.
 *
 * <p>In transient mode ({@code pipeline.mode=transient}) validation lets unlabelled records through, and a third
 * source reads {@code <p>.score-requests}: each request's records are validated as the scorer would
 * ({@code ingest-score-requests-validate}; bad ones are dead-lettered with the request id) and merged with the input
 * records of the same partition (the score-requests topic is partitioned like the input), so the windower places
 * them in the window of their request's arrival. The trainer trains each
 * window's throw-away model on its labelled records and scores the rest.
 *
 * <p>{@link #buildBackfill} is the same topology for a bounded re-run over historical input (the {@code backfill}
 * command): the same validation and windowing, with a range filter in front, batches marked as the run's, no control
 * topic, and refused records counted instead of dead-lettered again (the live run dead-lettered them already).
 */
public final class IngestTopology {

    /** The service name written to dead-letter headers and events. */
    public static final String SERVICE_NAME = "streams-app";
    /** The service name of a backfill run, written to its events. */
    public static final String BACKFILL_SERVICE_NAME = "backfill";
    /** Prefix of every stateless node before the windower. */
    public static final String STATELESS_NODE_PREFIX = "ingest-";
    /** Prefix of the nodes that read the control topic. */
    public static final String CONTROL_NODE_PREFIX = "control-";
    /** Name of the windowing processor. */
    public static final String WINDOWER_NODE = "window-micro-batches";
    /** Infix of the nodes that read score requests into the windows (transient mode only). */
    public static final String REQUESTS_NODE = "score-requests";

    private IngestTopology() {
    }

    /** Builds the topology. */
    public static Topology build(PipelineConfig pipeline, TopologyOptions options) {
        PipelineTopics topics = pipeline.topics();
        WindowerSettings windowing = WindowerSettings.of(pipeline, options);
        String pipelineName = pipeline.pipelineName();

        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], IngestOutput> ingested = validated(pipeline, windowing, SERVICE_NAME, input(builder, topics));

        boolean transientMode = pipeline.mode() == PipelineMode.TRANSIENT;
        if (transientMode) {
            ingested = ingested.merge(builder
                    .stream(topics.scoreRequests(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName(STATELESS_NODE_PREFIX + REQUESTS_NODE + "-source"))
                    .process(() -> new ScoreRequestValidator(pipeline, windowing.largestRecordBytes(), SERVICE_NAME),
                            Named.as(STATELESS_NODE_PREFIX + REQUESTS_NODE + "-validate")),
                    Named.as(STATELESS_NODE_PREFIX + REQUESTS_NODE + "-merge"));
        }

        ingested.flatMapValues(IngestTopology::deadLetterValue, Named.as(STATELESS_NODE_PREFIX + "dead-letters"))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(STATELESS_NODE_PREFIX + "dead-letter-sink"));

        KStream<String, WindowInput> windowInputs = windowInputs(pipelineName, ingested);
        if (windowing.writesParts()) {
            // Every task must see each request, and the control topic has one partition: a global store.
            builder.addGlobalStore(CloseRequestIndex.storeBuilder(), topics.control(),
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(CONTROL_NODE_PREFIX + "source"),
                    () -> new CloseRequestIndex(pipelineName));
        } else {
            windowInputs = windowInputs.merge(builder
                    .stream(topics.control(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(CONTROL_NODE_PREFIX + "source"))
                    .process(() -> new CloseRequestReader(pipelineName), Named.as(CONTROL_NODE_PREFIX + "close-requests")),
                    Named.as(CONTROL_NODE_PREFIX + "merge"));
        }
        KStream<String, Emission> emissions = windowInputs
                .process(MicroBatchWindower.supplier(windowing, SERVICE_NAME), Named.as(WINDOWER_NODE));

        route(emissions, Emission.Destination.BATCHES, topics.batches());
        route(emissions, Emission.Destination.EVENTS, topics.events());
        if (windowing.writesParts()) {
            route(emissions, Emission.Destination.CONTROL, topics.control());
        }
        // Dead letters keep the key of the record they refuse, not the pipeline's.
        emissions.filter((key, emission) -> emission.destination() == Emission.Destination.DEAD_LETTERS, Named.as("window-dead-letters"))
                .map((key, emission) -> KeyValue.pair(emission.key(), emission.value()), Named.as("window-dead-letters-key"))
                .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("window-dead-letters-sink"));
        return builder.build();
    }

    /**
     * Builds the topology of a backfill run: the input records before {@code request}'s end offsets go through the same
     * validation and windowing as in {@link #build}, with the pipeline's window size, grace and record cap; the closed
     * windows go to the batches topic as the run's batches (own batch ids, the run in the manifest) and their
     * {@code WINDOW_CLOSED} events to the events topic. Records that validation or the windower refuses are counted in
     * {@code tally}, not dead-lettered: the live run has dead-lettered them already. The control topic is not read.
     */
    public static Topology buildBackfill(PipelineConfig pipeline, TopologyOptions options, BackfillRequest request, BackfillTally tally) {
        PipelineTopics topics = pipeline.topics();
        WindowerSettings windowing = WindowerSettings.backfill(pipeline, options, request);
        String service = BACKFILL_SERVICE_NAME;

        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> inRange = input(builder, topics)
                .process(() -> new BackfillRangeFilter(request, tally), Named.as(STATELESS_NODE_PREFIX + "backfill-range"));
        KStream<byte[], IngestOutput> ingested = validated(pipeline, windowing, service, inRange);
        KStream<String, Emission> emissions = windowInputs(pipeline.pipelineName(), ingested)
                .peek((key, input) -> count(tally, input), Named.as(WINDOWER_NODE + "-backfill-tally"))
                .process(MicroBatchWindower.supplier(windowing, service), Named.as(WINDOWER_NODE));

        route(emissions, Emission.Destination.BATCHES, topics.batches());
        route(emissions, Emission.Destination.EVENTS, topics.events());
        emissions.filter((key, emission) -> emission.destination() == Emission.Destination.DEAD_LETTERS, Named.as("window-late"))
                .foreach((key, emission) -> tally.countLate(), Named.as("window-late-tally"));
        return builder.build();
    }

    private static KStream<byte[], byte[]> input(StreamsBuilder builder, PipelineTopics topics) {
        return builder.stream(topics.records(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(STATELESS_NODE_PREFIX + "source"));
    }

    private static KStream<byte[], IngestOutput> validated(PipelineConfig pipeline, WindowerSettings windowing, String service,
                                                           KStream<byte[], byte[]> input) {
        return input.process(() -> new RecordValidator(new RecordValidation(pipeline, windowing.largestRecordBytes()),
                pipeline.pipelineName(), service), Named.as(STATELESS_NODE_PREFIX + "validate"));
    }

    /** The window inputs keyed by pipeline, in the task of the input partition they came from. */
    private static KStream<String, WindowInput> windowInputs(String pipelineName, KStream<byte[], IngestOutput> ingested) {
        // One node that both picks the window inputs and keys them by pipeline: each node is a hop per record. The key
        // changes without a repartition on purpose: the windower needs only its own partition's records.
        return ingested.flatMap((key, output) -> windowInput(pipelineName, output), Named.as(STATELESS_NODE_PREFIX + "window-inputs"));
    }

    private static void count(BackfillTally tally, WindowInput input) {
        switch (input) {
            case WindowInput.Accepted ignored -> tally.countAccepted();
            case WindowInput.Refused refused -> tally.countRefused(refused.reason());
            case WindowInput.ScoreRequest ignored -> {
                // The backfill topology reads no score requests (a transient pipeline has no models to backfill).
            }
            case WindowInput.CloseRequested ignored -> {
                // The backfill topology reads no control topic.
            }
            case WindowInput.WindowFull ignored -> {
                // The backfill topology reads no control topic.
            }
        }
    }

    private static void route(KStream<String, Emission> emissions, Emission.Destination destination, String topic) {
        String name = "window-" + destination.name().toLowerCase(Locale.ROOT).replace('_', '-');
        emissions.filter((key, emission) -> emission.destination() == destination, Named.as(name))
                .mapValues(Emission::value, Named.as(name + "-value"))
                .to(topic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-sink"));
    }

    private static Iterable<byte[]> deadLetterValue(IngestOutput output) {
        // singletonList, not List.of: a dead-lettered input may have had a null value.
        return output instanceof IngestOutput.DeadLetter deadLetter ? Collections.singletonList(deadLetter.originalValue()) : List.of();
    }

    private static Iterable<KeyValue<String, WindowInput>> windowInput(String pipelineName, IngestOutput output) {
        return output instanceof IngestOutput.ToWindow toWindow ? List.of(KeyValue.pair(pipelineName, toWindow.input())) : List.of();
    }
}
