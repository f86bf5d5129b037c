package io.streamtrain.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.launcher.StreamtrainCli;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.Task;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * streamtrain's side of the comparison through the whole pipeline, as a user runs it: one deployment per data set on
 * an embedded broker (streams-app, trainer and scorer of one pipeline per algorithm), the train rows written to a CSV
 * file and sent with {@code streamtrain produce}, the trainer's first promoted model awaited, the test rows sent as
 * JSON score requests to {@code <p>.score-requests}, and the predictions read back from {@code <p>.predictions}.
 *
 * <p>Every train row falls into one event-time window: the benchmark sets an hour-long window that closes when the
 * input has been idle for two seconds, so the first model learns from the whole train split, as the direct fit does.
 * Every other key is the pipeline's default, plus the variant's settings. A test row the pipeline refuses (every
 * feature missing: dead-lettered) gets no prediction and counts as wrong.
 */
final class PipelineFit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    private static final Map<String, String> WINDOWING = Map.of(
            PipelineConfig.WINDOW_SIZE_MS_CONFIG, "3600000",
            PipelineConfig.WINDOW_IDLE_CLOSE_MS_CONFIG, "2000",
            "scorer.http.port", "-1");

    private final Path directory;

    PipelineFit(Path directory) {
        this.directory = directory;
    }

    /** One result per algorithm, each from its own pipeline of one deployment, under {@code variant}'s settings. */
    Map<String, StreamtrainFit.Result> fit(DataSet data, List<String> algorithms, Map<String, String> variant, int round) throws IOException {
        Path schema = directory.resolve(data.name() + ".avsc");
        Files.writeString(schema, data.schema().toString(true));
        Map<String, PipelineDefinition> definitions = new LinkedHashMap<>();
        for (String algorithm : algorithms) {
            String name = String.format(Locale.ROOT, "q%d-%s-%s", round, data.name(), algorithm);
            Map<String, String> configuration = new HashMap<>(variant);
            configuration.putAll(WINDOWING);
            configuration.put(PipelineConfig.PIPELINE_NAME_CONFIG, name);
            configuration.put(PipelineConfig.INPUT_SCHEMA_CONFIG, schema.toString());
            configuration.put(PipelineConfig.INPUT_ID_FIELD_CONFIG, DataSet.ID);
            configuration.put(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "");
            configuration.put(PipelineConfig.LABEL_FIELD_CONFIG, DataSet.LABEL);
            configuration.put(PipelineConfig.TASK_CONFIG, data.task().name().toLowerCase(Locale.ROOT));
            configuration.put(PipelineConfig.MODEL_ALGORITHM_CONFIG, algorithm);
            definitions.put(algorithm, PipelineDefinition.of(name, configuration));
        }
        Path trainCsv = writeTrainCsv(data);
        Map<String, StreamtrainFit.Result> results = new LinkedHashMap<>();
        try (Deployment deployment = Deployment.start(new DeploymentDefinition(List.copyOf(definitions.values())),
                EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER, ServiceKind.SCORER), null, STEP_TIMEOUT)) {
            String bootstrap = (String) deployment.clientProperties().get("bootstrap.servers");
            Instant started = Instant.now();
            for (PipelineDefinition definition : definitions.values()) {
                produce(definition, bootstrap, trainCsv);
            }
            for (Map.Entry<String, PipelineDefinition> entry : definitions.entrySet()) {
                PipelineConfig pipeline = deployment.pipeline(entry.getValue().name()).pipeline();
                ModelEnvelope model = awaitPromotedModel(deployment.clientProperties(), pipeline.topics().modelHistory());
                double seconds = Duration.between(started, model.getCreatedAt()).toMillis() / 1e3;
                results.put(entry.getKey(), score(deployment.clientProperties(), pipeline, data, model, seconds));
            }
        }
        return results;
    }

    /** The train rows as a CSV file with a header, as a user would export them; missing values empty. */
    private Path writeTrainCsv(DataSet data) throws IOException {
        StringBuilder csv = new StringBuilder(DataSet.ID);
        for (int j = 0; j < data.numeric().size(); j++) {
            csv.append(",f").append(j);
        }
        csv.append(',').append(DataSet.LABEL).append('\n');
        for (GenericRecord row : data.train()) {
            for (int field = 0; field < data.numeric().size() + 2; field++) {
                Object value = row.get(field);
                csv.append(field == 0 ? "" : ",").append(value == null ? "" : value.toString().replace(",", ";"));
            }
            csv.append('\n');
        }
        Path file = directory.resolve(data.name() + "-train.csv");
        Files.writeString(file, csv);
        return file;
    }

    private void produce(PipelineDefinition definition, String bootstrap, Path csv) throws IOException {
        Path properties = directory.resolve(definition.name() + ".properties");
        Properties values = new Properties();
        values.putAll(definition.configuration());
        try (var out = Files.newBufferedWriter(properties)) {
            values.store(out, "quality benchmark pipeline");
        }
        int exit = StreamtrainCli.commandLine().execute("produce", "-c", properties.toString(), "-b", bootstrap,
                "--file", csv.toString(), "--dead-letter-wait", "PT0S");
        if (exit != 0) {
            throw new IllegalStateException("streamtrain produce of " + csv + " exited with " + exit);
        }
    }

    private static ModelEnvelope awaitPromotedModel(Map<String, Object> clientProperties, String historyTopic) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(clientProperties))) {
            TopicPartition partition = new TopicPartition(historyTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ModelEnvelope envelope = ENVELOPES.decode(record.value());
                    if (envelope.getPromotion() == null || envelope.getPromotion().getStatus() == PromotionStatus.PROMOTED) {
                        return envelope;
                    }
                }
            }
        }
        throw new IllegalStateException(historyTopic + " holds no promoted model after " + STEP_TIMEOUT);
    }

    /** Sends the test rows as score requests and reads each one's prediction back. */
    private static StreamtrainFit.Result score(Map<String, Object> clientProperties, PipelineConfig pipeline, DataSet data,
                                               ModelEnvelope model, double seconds) throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(pipeline.featureSpec());
        int refused = 0;
        Map<String, Object> producerProperties = new HashMap<>(clientProperties);
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties)) {
            for (int i = 0; i < data.test().size(); i++) {
                GenericRecord row = data.test().get(i);
                if (!(extractor.extract(row, 0, 0, i, FeatureExtractor.LabelPolicy.IGNORED) instanceof Extraction.Accepted)) {
                    refused++;
                }
                ObjectNode request = JSON.createObjectNode().put(DataSet.ID, row.get(DataSet.ID).toString());
                for (int j = 0; j < data.numeric().size(); j++) {
                    Object value = row.get(j + 1);
                    if (value instanceof Double number) {
                        request.put("f" + j, number);
                    } else if (value != null) {
                        request.put("f" + j, value.toString());
                    }
                }
                producer.send(new ProducerRecord<>(pipeline.topics().scoreRequests(), row.get(DataSet.ID).toString(),
                        JSON.writeValueAsString(request)));
            }
        }
        Map<String, JsonNode> predictions = readPredictions(clientProperties, pipeline.topics().predictions(), data.test().size() - refused);
        if (data.task() == Task.CLASSIFICATION) {
            long right = data.test().stream().filter(row -> Optional.ofNullable(predictions.get(row.get(DataSet.ID).toString()))
                    .map(prediction -> prediction.path("label").asText().equals(row.get(DataSet.LABEL).toString())).orElse(false)).count();
            return new StreamtrainFit.Result(seconds, (double) right / data.test().size(), Double.NaN, Double.NaN, 0, refused,
                    model.getHyperparameters(), model.getTuning());
        }
        double[] actual = data.test().stream().mapToDouble(row -> (Double) row.get(DataSet.LABEL)).toArray();
        double mean = java.util.Arrays.stream(actual).average().orElseThrow();
        double squared = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            JsonNode prediction = predictions.get(data.test().get(i).get(DataSet.ID).toString());
            if (prediction == null) {
                throw new IllegalStateException("test row " + data.test().get(i).get(DataSet.ID) + " of " + data.name() + " got no prediction");
            }
            double residual = prediction.path("value").asDouble() - actual[i];
            squared += residual * residual;
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return new StreamtrainFit.Result(seconds, Double.NaN, 1 - squared / total, Math.sqrt(squared / actual.length), 0, 0,
                model.getHyperparameters(), model.getTuning());
    }

    private static Map<String, JsonNode> readPredictions(Map<String, Object> clientProperties, String topic, int expected) {
        Map<String, JsonNode> byRecord = new HashMap<>();
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(clientProperties))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (byRecord.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode prediction = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
                        byRecord.put(prediction.path("recordId").asText(), prediction);
                    } catch (IOException e) {
                        throw new UncheckedIOException("a prediction on " + topic + " is not JSON", e);
                    }
                }
            }
        }
        if (byRecord.size() < expected) {
            throw new IllegalStateException(topic + " holds " + byRecord.size() + " predictions after " + STEP_TIMEOUT + ", expected " + expected);
        }
        return byRecord;
    }

    private static Map<String, Object> readCommitted(Map<String, Object> clientProperties) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return properties;
    }
}
