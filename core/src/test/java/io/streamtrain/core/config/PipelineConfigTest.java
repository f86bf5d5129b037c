package io.streamtrain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.core.topics.TopicRole;
import io.streamtrain.core.topics.TopicSpec;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.Task;
import io.streamtrain.schemas.InputSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineConfigTest {

    private static final String SENSOR_SCHEMA = """
            {"type": "record", "name": "Reading", "namespace": "acme", "fields": [
              {"name": "sensor", "type": "string"},
              {"name": "takenAt", "type": "long"},
              {"name": "temperature", "type": ["null", "double"], "default": null},
              {"name": "site", "type": ["null", "string"], "default": null},
              {"name": "samples", "type": {"type": "array", "items": "double"}, "default": []},
              {"name": "faulty", "type": "boolean"}
            ]}""";

    @TempDir
    Path directory;

    @Test
    void shouldApplyDocumentedDefaultsWhenOnlyNameIsSet() {
        PipelineConfig config = config(Map.of());

        assertThat(config.pipelineName()).isEqualTo("churn");
        assertThat(config.inputSchema()).isEqualTo(InputSchemas.demo());
        assertThat(config.featureSpec().idField()).isEqualTo("id");
        assertThat(config.featureSpec().timestampField()).isEqualTo("eventTime");
        assertThat(config.featureSpec().labelField()).isEqualTo("label");
        assertThat(config.featureSpec().features()).containsExactly(
                new FeatureField("tenureMonths", FeatureType.NUMERIC),
                new FeatureField("monthlySpend", FeatureType.NUMERIC),
                new FeatureField("supportCalls", FeatureType.NUMERIC),
                new FeatureField("usageHours", FeatureType.NUMERIC),
                new FeatureField("premium", FeatureType.BOOLEAN),
                new FeatureField("region", FeatureType.CATEGORICAL));
        assertThat(config.inputPartitions()).isEqualTo(3);
        assertThat(config.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.windowGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.windowMaxRecords()).isEqualTo(50_000);
        assertThat(config.windowIdleClose()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.windowMaxFuture()).isEqualTo(Duration.ofDays(1));
        assertThat(config.writerSchemas()).isEmpty();
        assertThat(config.batchChunkMaxBytes()).isEqualTo(512 * 1024);
        assertThat(config.recordMaxBytes()).isEqualTo(1024 * 1024);
        assertThat(config.testFraction()).isEqualTo(0.2);
        assertThat(config.minTrainingRecords()).isEqualTo(50);
        assertThat(config.algorithm()).isEqualTo("logistic-regression");
        assertThat(config.hyperparameters().toStrings()).containsOnly(
                Map.entry("lambda", "1.0"), Map.entry("tolerance", "1.0E-5"), Map.entry("max.iterations", "500"));
        assertThat(config.topics()).isEqualTo(PipelineTopics.defaultsFor("churn"));
        assertThat(config.kafka().properties()).isEmpty();
    }

    @Test
    void shouldDocumentEveryKeyWhenDefinitionIsListed() {
        ConfigDef definition = PipelineConfig.configDef();

        assertThat(definition.configKeys()).isNotEmpty();
        definition.configKeys().values().forEach(key ->
                assertThat(key.documentation).as("documentation of %s", key.name).isNotBlank());
    }

    @Test
    void shouldFailNamingKeyWhenPipelineNameIsMissing() {
        assertThatThrownBy(() -> new PipelineConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.PIPELINE_NAME_CONFIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my pipeline", "churn/v2", "", "churn#1",
            "a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789x"})
    void shouldFailNamingKeyWhenPipelineNameIsInvalid(String name) {
        assertThatThrownBy(() -> new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, name)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.PIPELINE_NAME_CONFIG);
    }

    @ParameterizedTest
    @CsvSource({
            "window.size.ms, -1",
            "window.size.ms, 0",
            "window.size.ms, one minute",
            "window.grace.ms, -5",
            "window.max.records, 1",
            "window.idle.close.ms, 10",
            "topics.partitions, 0",
            "input.partitions, 0",
            "input.partitions, 1025",
            "batch.chunk.max.bytes, 1024",
            "batch.chunk.max.bytes, 4194305",
            "record.max.bytes, 16777217",
            "split.test.fraction, 0.9",
            "train.min.records, 5",
            "model.algorithm, svm",
            "model.logistic-regression.lambda, -0.1",
            "model.logistic-regression.max.iterations, 0",
            "input.id.field, ''",
            "label.field, ''"})
    void shouldFailNamingKeyWhenValueIsInvalid(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void shouldFailListingFieldsWhenLabelFieldIsUnknown() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.LABEL_FIELD_CONFIG, "churned")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.LABEL_FIELD_CONFIG)
                .hasMessageContaining("churned")
                .hasMessageContaining("tenureMonths");
    }

    @ParameterizedTest
    @CsvSource({"input.id.field, customerId", "input.timestamp.field, observedAt"})
    void shouldFailNamingKeyWhenFieldIsUnknown(String key, String field) {
        assertThatThrownBy(() -> config(Map.of(key, field)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(field);
    }

    @Test
    void shouldFailNamingKeyWhenFeatureFieldIsUnknown() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.FEATURE_FIELDS_CONFIG, "tenureMonths, churnScore")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG)
                .hasMessageContaining("churnScore");
    }

    @Test
    void shouldFailNamingKeyWhenFeatureIsTheLabel() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.FEATURE_FIELDS_CONFIG, "tenureMonths,label")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG)
                .hasMessageContaining("label");
    }

    @Test
    void shouldFailNamingKeyWhenFeatureIsListedTwice() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.FEATURE_FIELDS_CONFIG, "tenureMonths,region,tenureMonths")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG)
                .hasMessageContaining("tenureMonths");
    }

    @Test
    void shouldKeepListedOrderWhenFeatureFieldsAreGiven() {
        PipelineConfig config = config(Map.of(PipelineConfig.FEATURE_FIELDS_CONFIG, "region, tenureMonths"));

        assertThat(config.featureSpec().featureNames()).containsExactly("region", "tenureMonths");
    }

    @Test
    void shouldFailNamingKeyWhenDerivedFeatureTypeIsUnsupported() throws IOException {
        Map<String, String> sensor = sensorPipeline();

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG)
                .hasMessageContaining("samples")
                .hasMessageContaining("array");
    }

    @Test
    void shouldFailNamingKeyWhenListedFeatureTypeIsUnsupported() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.FEATURE_FIELDS_CONFIG, "temperature,samples");

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG)
                .hasMessageContaining("samples");
    }

    @Test
    void shouldReadCustomSchemaWhenUsableFeaturesAreListed() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.FEATURE_FIELDS_CONFIG, "temperature,site");

        PipelineConfig config = config(sensor);

        assertThat(config.inputSchema().getFullName()).isEqualTo("acme.Reading");
        assertThat(config.featureSpec().features()).containsExactly(
                new FeatureField("temperature", FeatureType.NUMERIC), new FeatureField("site", FeatureType.CATEGORICAL));
    }

    @Test
    void shouldDeriveEveryOtherFieldWhenUnsupportedFieldIsExcluded() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.FEATURE_FIELDS_EXCLUDE_CONFIG, "samples");

        PipelineConfig config = config(sensor);

        assertThat(config.featureSpec().features()).containsExactly(
                new FeatureField("temperature", FeatureType.NUMERIC), new FeatureField("site", FeatureType.CATEGORICAL));
    }

    @Test
    void shouldNameTheExcludeKeyWhenDerivedFeatureTypeIsUnsupported() throws IOException {
        Map<String, String> sensor = sensorPipeline();

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_EXCLUDE_CONFIG);
    }

    @Test
    void shouldFailNamingKeyWhenExcludedFieldIsUnknown() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.FEATURE_FIELDS_EXCLUDE_CONFIG, "samples,humidity");

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_EXCLUDE_CONFIG)
                .hasMessageContaining("humidity")
                .hasMessageContaining("temperature");
    }

    @Test
    void shouldFailNamingBothKeysWhenFeaturesAreListedAndExcluded() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.FEATURE_FIELDS_CONFIG, "temperature");
        sensor.put(PipelineConfig.FEATURE_FIELDS_EXCLUDE_CONFIG, "samples");

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_EXCLUDE_CONFIG)
                .hasMessageContaining(PipelineConfig.FEATURE_FIELDS_CONFIG + " is empty");
    }

    @Test
    void shouldFailNamingKeyWhenIdFieldHasWrongType() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.INPUT_ID_FIELD_CONFIG, "temperature");
        sensor.put(PipelineConfig.FEATURE_FIELDS_CONFIG, "site");

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_ID_FIELD_CONFIG)
                .hasMessageContaining("temperature")
                .hasMessageContaining("double")
                .hasMessageContaining("string, int or long");
    }

    @Test
    void shouldFailNamingKeyWhenLabelFieldHasWrongType() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.LABEL_FIELD_CONFIG, "samples");

        assertThatThrownBy(() -> config(sensor))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.LABEL_FIELD_CONFIG)
                .hasMessageContaining("samples")
                .hasMessageContaining("array")
                .hasMessageContaining("string, enum, boolean or number");
    }

    @Test
    void shouldFailNamingKeyValueAndRangeWhenHyperparameterIsOutOfRange() {
        assertThatThrownBy(() -> config(Map.of("model.algorithm", "random-forest", "model.random-forest.trees", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.random-forest.trees")
                .hasMessageContaining("0")
                .hasMessageContaining("at least 1");
    }

    @Test
    void shouldUseKafkaTimestampWhenTimestampFieldIsEmpty() throws IOException {
        Map<String, String> sensor = new HashMap<>(sensorPipeline());
        sensor.put(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "");
        sensor.put(PipelineConfig.FEATURE_FIELDS_CONFIG, "temperature,takenAt");

        PipelineConfig config = config(sensor);

        assertThat(config.featureSpec().timestampField()).isEmpty();
        assertThat(config.featureSpec().featureNames()).containsExactly("temperature", "takenAt");
    }

    @Test
    void shouldFailNamingKeyWhenTimestampFieldIsNotEpochMillis() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "region")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG)
                .hasMessageContaining("region");
    }

    @Test
    void shouldFailNamingKeyWhenLabelIsTheIdField() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.LABEL_FIELD_CONFIG, "id")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.LABEL_FIELD_CONFIG)
                .hasMessageContaining(PipelineConfig.INPUT_ID_FIELD_CONFIG);
    }

    @Test
    void shouldFailNamingKeyWhenSchemaFileIsMissing() {
        Path missing = directory.resolve("missing.avsc");

        assertThatThrownBy(() -> config(Map.of(PipelineConfig.INPUT_SCHEMA_CONFIG, missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_SCHEMA_CONFIG)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldFailNamingKeyWhenSchemaFileIsNotAvro() throws IOException {
        Path file = Files.writeString(directory.resolve("broken.avsc"), "{\"type\": \"record\", \"name\": ");

        assertThatThrownBy(() -> config(Map.of(PipelineConfig.INPUT_SCHEMA_CONFIG, file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_SCHEMA_CONFIG);
    }

    @Test
    void shouldUseOverrideWhenTopicRoleIsConfigured() {
        PipelineConfig config = config(Map.of(
                "topics.records", "raw-customers",
                "topics.dlq", "customers.errors",
                "topics.model-history", "  churn.history  ",
                "topics.predictions", " "));

        PipelineTopics topics = config.topics();

        assertThat(topics.records()).isEqualTo("raw-customers");
        assertThat(topics.deadLetters()).isEqualTo("customers.errors");
        assertThat(topics.modelHistory()).isEqualTo("churn.history");
        assertThat(topics.predictions()).isEqualTo("churn.predictions");
        assertThat(topics.models()).isEqualTo("churn.models");
    }

    @ParameterizedTest
    @EnumSource(TopicRole.class)
    void shouldNameEveryRolesTopicByItsKeyWhenOverriddenOrNot(TopicRole role) {
        PipelineTopics overridden = config(Map.of(PipelineConfig.TOPICS_PREFIX + role.key(), "custom." + role.key())).topics();

        assertThat(overridden.name(role)).isEqualTo("custom." + role.key());
        assertThat(config(Map.of()).topics().name(role)).isEqualTo("churn." + role.key());
        assertThat(overridden.specs(2)).extracting(TopicSpec::name).contains("custom." + role.key()).hasSize(TopicRole.values().length);
    }

    @Test
    void shouldFailNamingKeyWhenTwoRolesShareATopic() {
        assertThatThrownBy(() -> config(Map.of("topics.model-history", "churn.models")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.model-history")
                .hasMessageContaining("churn.models");
    }

    @Test
    void shouldReadPartitionsFromInputPartitionsOrItsDeprecatedAliasWhenOnlyThatIsSet() {
        assertThat(config(Map.of(PipelineConfig.INPUT_PARTITIONS_CONFIG, "6")).inputPartitions()).isEqualTo(6);
        assertThat(config(Map.of("topics.partitions", "2")).inputPartitions()).isEqualTo(2);
        assertThat(config(Map.of("topics.partitions", "2", PipelineConfig.INPUT_PARTITIONS_CONFIG, "2")).inputPartitions()).isEqualTo(2);
        assertThat(config(Map.of("topics.partitions", "2")).topics()).isEqualTo(PipelineTopics.defaultsFor("churn"));
    }

    @Test
    void shouldReadThePredictionFormatFromThePipelineOrTheFormerScorerKeyWhenOnlyThatIsSet() {
        assertThat(config(Map.of()).predictionFormat()).isEqualTo(PredictionFormat.JSON);
        assertThat(config(Map.of(PipelineConfig.PREDICTIONS_FORMAT_CONFIG, "AVRO")).predictionFormat()).isEqualTo(PredictionFormat.AVRO);
        assertThat(config(Map.of("scorer.predictions.format", "avro")).predictionFormat()).isEqualTo(PredictionFormat.AVRO);
        assertThat(config(Map.of("scorer.predictions.format", "avro", PipelineConfig.PREDICTIONS_FORMAT_CONFIG, "avro"))
                .predictionFormat()).isEqualTo(PredictionFormat.AVRO);
    }

    @Test
    void shouldRefuseAnUnknownPredictionFormatOrAFormerKeyThatContradictsIt() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.PREDICTIONS_FORMAT_CONFIG, "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.PREDICTIONS_FORMAT_CONFIG);
        assertThatThrownBy(() -> config(Map.of("scorer.predictions.format", "avro", PipelineConfig.PREDICTIONS_FORMAT_CONFIG, "json")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.predictions.format")
                .hasMessageContaining("deprecated name of " + PipelineConfig.PREDICTIONS_FORMAT_CONFIG);
    }

    @Test
    void shouldRefuseDeprecatedPartitionsKeyWhenItContradictsInputPartitions() {
        assertThatThrownBy(() -> config(Map.of("topics.partitions", "2", PipelineConfig.INPUT_PARTITIONS_CONFIG, "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.partitions")
                .hasMessageContaining(PipelineConfig.INPUT_PARTITIONS_CONFIG)
                .hasMessageContaining("4");
    }

    @Test
    void shouldPassKafkaSettingsThroughWhenPrefixed() {
        PipelineConfig config = config(Map.of("kafka.bootstrap.servers", "broker:9092", "kafka.security.protocol", "SASL_SSL"));

        assertThat(config.kafka().properties()).containsOnly(
                Map.entry("bootstrap.servers", "broker:9092"), Map.entry("security.protocol", "SASL_SSL"));
    }

    @Test
    void shouldRecordConfiguredHyperparametersWhenSet() {
        PipelineConfig config = config(Map.of(
                Hyperparameter.LR_LAMBDA.configKey(), "0.5", Hyperparameter.LR_MAX_ITERATIONS.configKey(), "50"));

        assertThat(config.hyperparameters().toStrings())
                .containsEntry("lambda", "0.5")
                .containsEntry("max.iterations", "50");
    }

    @Test
    void shouldLoadAnOlderWriterSchemaThatTheInputSchemaCanRead() throws IOException {
        Path older = Files.writeString(directory.resolve("older.avsc"), """
                {"type": "record", "name": "DemoRecord", "namespace": "io.streamtrain.demo", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "tenureMonths", "type": ["null", "double"], "default": null}
                ]}""");

        PipelineConfig config = config(Map.of(PipelineConfig.INPUT_WRITER_SCHEMAS_CONFIG, older.toString()));

        assertThat(config.writerSchemas()).singleElement().satisfies(schema -> assertThat(schema.getFields()).hasSize(3));
    }

    @Test
    void shouldFailNamingKeyWhenAWriterSchemaCannotBeRead() throws IOException {
        Path incompatible = Files.writeString(directory.resolve("incompatible.avsc"), """
                {"type": "record", "name": "DemoRecord", "namespace": "io.streamtrain.demo", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "eventTime", "type": "long"},
                  {"name": "tenureMonths", "type": "string"}
                ]}""");

        assertThatThrownBy(() -> config(Map.of(PipelineConfig.INPUT_WRITER_SCHEMAS_CONFIG, incompatible.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_WRITER_SCHEMAS_CONFIG)
                .hasMessageContaining("cannot be read as input.schema");
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.INPUT_WRITER_SCHEMAS_CONFIG, directory.resolve("none.avsc").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.INPUT_WRITER_SCHEMAS_CONFIG);
    }

    @Test
    void shouldRejectRegressionWhenTheLabelFieldHoldsNoNumber() {
        assertThatThrownBy(() -> config(Map.of(PipelineConfig.TASK_CONFIG, "regression")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineConfig.LABEL_FIELD_CONFIG)
                .hasMessageContaining("label")
                .hasMessageContaining("needs a numeric label");
    }

    @Test
    void shouldAcceptRegressionWhenTheLabelUnionHasANumericBranch() throws IOException {
        Path schema = Files.writeString(directory.resolve("price.avsc"), """
                {"type": "record", "name": "Sale", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "eventTime", "type": "long"},
                  {"name": "rooms", "type": "double"},
                  {"name": "price", "type": ["null", "string", "double"], "default": null}
                ]}""");

        PipelineConfig config = config(Map.of(PipelineConfig.INPUT_SCHEMA_CONFIG, schema.toString(),
                PipelineConfig.LABEL_FIELD_CONFIG, "price", PipelineConfig.TASK_CONFIG, "regression"));

        assertThat(config.task()).isEqualTo(Task.REGRESSION);
    }

    private Map<String, String> sensorPipeline() throws IOException {
        Path schema = Files.writeString(directory.resolve("reading.avsc"), SENSOR_SCHEMA);
        return Map.of(
                PipelineConfig.INPUT_SCHEMA_CONFIG, schema.toString(),
                PipelineConfig.INPUT_ID_FIELD_CONFIG, "sensor",
                PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "takenAt",
                PipelineConfig.LABEL_FIELD_CONFIG, "faulty");
    }

    private static PipelineConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(overrides);
        values.putIfAbsent(PipelineConfig.PIPELINE_NAME_CONFIG, "churn");
        return new PipelineConfig(values);
    }
}
