package io.streamtrain.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.core.testing.PropertiesFile;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A pipeline fed with customers of {@link ShiftingChurnProcess} on the embedded broker, as the drift and trial tests
 * set it up: one input partition; one-day windows that only {@code window.max.records} closes, so the labels of scored customers never close
 * a window while a test runs; a horizon of one window, so each model learns one regime; a scorer on a free HTTP port;
 * and one signing key pair in the configuration, so a service started in a child process signs and verifies alike.
 */
final class ShiftingChurnPipeline implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final Map<String, String> configuration;
    private final Instant start;
    private final ShiftingChurnProcess process = new ShiftingChurnProcess();
    private final HttpClient http = HttpClient.newHttpClient();
    private final OnePipelineRun run;
    private int sent;

    private ShiftingChurnPipeline(Map<String, String> configuration, Instant start, OnePipelineRun run) {
        this.configuration = configuration;
        this.start = start;
        this.run = run;
    }

    /**
     * The shared keys of pipeline {@code name} whose windows close at {@code windowRecords} records; callers add their
     * own before {@link #start}.
     */
    static Map<String, String> configuration(String name, int windowRecords) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", name);
        configuration.put("input.partitions", "1");
        configuration.put("window.size.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        configuration.put("window.max.records", String.valueOf(windowRecords));
        configuration.put("train.horizon.windows", "1");
        configuration.put("window.idle.close.ms", String.valueOf(Duration.ofMinutes(10).toMillis()));
        configuration.put("streams.commit.interval.ms", "100");
        configuration.put("scorer.instance.id", name + "-1");
        configuration.put("scorer.http.port", "0");
        configuration.putAll(TrustConfig.inline(Ed25519Keys.generate()));
        return configuration;
    }

    /** Starts {@code services} of the pipeline {@code configuration} defines; event times of its customers count from {@code start}. */
    static ShiftingChurnPipeline start(Map<String, String> configuration, Set<ServiceKind> services, Instant start) {
        return new ShiftingChurnPipeline(Map.copyOf(configuration), start, OnePipelineRun.start(configuration, services));
    }

    OnePipelineRun run() {
        return run;
    }

    PipelineTopics topics() {
        return run.topics();
    }

    String name() {
        return configuration.get("pipeline.name");
    }

    /** The pipeline's configuration with the broker's address, as a service in another JVM or the CLI reads it. */
    Path configurationFile(Path directory) {
        Map<String, String> settings = new HashMap<>(configuration);
        settings.put("kafka.bootstrap.servers", bootstrapServers());
        return PropertiesFile.write(directory.resolve(name() + ".properties"), settings);
    }

    String bootstrapServers() {
        return String.valueOf(run.clientProperties().get("bootstrap.servers"));
    }

    /** A labelled customer of the first regime, or of the shifted one, with the next event time. */
    DemoRecord customer(String id, boolean shifted) {
        return process.next(id, start.plusMillis(sent), shifted);
    }

    /** Sends {@code count} labelled customers of one regime, ids {@code prefix0..}, to the records topic. */
    void sendLabelled(String prefix, int count, boolean shifted) {
        for (int i = 0; i < count; i++) {
            send(topics().records(), null, prefix + i, DemoRecordEncoder.avro(customer(prefix + i, shifted)));
        }
        run.producer().flush();
    }

    /** Sends the customers' records, with their labels, to the records topic: the late labels of what was scored. */
    void sendLabels(List<DemoRecord> customers) {
        customers.forEach(customer -> send(topics().records(), null, customer.getId(), DemoRecordEncoder.avro(customer)));
        run.producer().flush();
    }

    /** Sends {@code value} under {@code key}, to {@code partition} of {@code topic} unless it is null. */
    void send(String topic, Integer partition, String key, byte[] value) {
        sent++;
        run.producer().send(new ProducerRecord<>(topic, partition, key, value));
    }

    /**
     * Starts a trial: version 1 learns a window of the first regime and is served, version 2 learns a window of the
     * shifted one, beats version 1 on its own test split and, under a trial strategy, is announced as the challenger;
     * returns once the scorer in this JVM has loaded it beside the champion.
     */
    void startTrial(TopicReader events) {
        int window = Integer.parseInt(configuration.get("window.max.records"));
        sendLabelled("a-", window, false);
        awaitServed(1, Duration.ofSeconds(90));
        sendLabelled("b-", window, true);
        await().atMost(Duration.ofSeconds(90)).until(() -> ofType(events, EventType.TRIAL_STARTED).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> ofType(events, EventType.MODEL_LOADED).stream()
                .anyMatch(e -> "trial".equals(e.getAttributes().get("basis")) && "2".equals(e.getAttributes().get("version"))));
    }

    /**
     * Scores {@code count} customers of one regime, ids {@code prefix0..}, in requests of 10, waits until every one is
     * answered on {@code predictions}, then sends their labels; returns them.
     */
    List<DemoRecord> scoreThenLabel(String prefix, int count, boolean shifted, TopicReader predictions) {
        int before = predictions.poll().size();
        List<DemoRecord> customers = sendScoreRequests(prefix, count, shifted);
        await().atMost(Duration.ofSeconds(30)).until(() -> predictions.poll().size() >= before + count);
        sendLabels(customers);
        return customers;
    }

    /** Sends score requests of 10 for {@code count} customers of one regime, ids {@code prefix0..}; returns them. */
    List<DemoRecord> sendScoreRequests(String prefix, int count, boolean shifted) {
        List<DemoRecord> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            customers.add(customer(prefix + i, shifted));
        }
        for (int i = 0; i < count; i += 10) {
            String requestId = "request-" + prefix + i;
            send(topics().scoreRequests(), null, requestId, DemoRecordEncoder.scoreRequest(requestId,
                    customers.subList(i, Math.min(count, i + 10))));
        }
        run.producer().flush();
        return customers;
    }

    /** The version {@code GET /v1/pipelines/<p>/model} names, 0 while none is served. */
    long servedVersion() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(scorerUri("/model")).build(), HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("version").asLong() : 0;
    }

    /** {@code path} under {@code /v1/pipelines/<p>} of the scorer in this JVM. */
    URI scorerUri(String path) {
        return URI.create("http://127.0.0.1:" + run.deployment().scorerHttpPort().orElseThrow() + "/v1/pipelines/" + name() + path);
    }

    HttpClient http() {
        return http;
    }

    /** Waits until the scorer serves {@code version}. */
    void awaitServed(long version, Duration atMost) {
        await().atMost(atMost).until(() -> servedVersion() == version);
    }

    /** The events of {@code type} read so far. */
    static List<PipelineEvent> ofType(TopicReader events, EventType type) {
        return events.poll().stream().map(record -> EVENTS.decode(record.value())).filter(e -> e.getType() == type).toList();
    }

    @Override
    public void close() {
        run.close();
    }
}
