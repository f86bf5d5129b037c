package io.streamtrain.core.config;

import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.core.learning.TrainingHorizon;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.core.topics.TopicRole;
import io.streamtrain.messages.Task;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.InputSchemas;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The definition of one pipeline: its name, input, features, windowing, split and model. Every
 * service of the pipeline reads the same definition; keys that a service does not use are ignored by it.
 * Keys under {@code kafka.} are Kafka client settings (see {@link KafkaClientSettings}).
 */
public final class PipelineConfig extends AbstractConfig {


    public static final String PIPELINE_NAME_CONFIG = "pipeline.name";
    private static final String PIPELINE_NAME_DOC = "Name of the pipeline; prefixes its default topic names. Letters, digits, '.', '_' and '-'.";

    public static final String INPUT_SCHEMA_CONFIG = "input.schema";
    private static final String INPUT_SCHEMA_DOC = "Path of the Avro schema (.avsc) of input records; a relative path in a "
            + "properties file is resolved against the file's folder. Empty uses the bundled demo schema (DemoRecord).";

    public static final String INPUT_WRITER_SCHEMAS_CONFIG = "input.writer.schemas";
    private static final String INPUT_WRITER_SCHEMAS_DOC = "Paths of earlier versions of the input schema (.avsc) that producers may still write Avro records with. "
            + "Each must be readable by input.schema (Avro schema resolution); records written with it are read as input.schema. "
            + "Avro records of any other writer schema are dead-lettered with reason undecodable.";

    public static final String INPUT_ID_FIELD_CONFIG = InputFieldConfigs.INPUT_ID_FIELD_CONFIG;
    private static final String INPUT_ID_FIELD_DOC = "Input field holding the record id; the id decides the train/test split and joins predictions to records.";

    public static final String INPUT_TIMESTAMP_FIELD_CONFIG = InputFieldConfigs.INPUT_TIMESTAMP_FIELD_CONFIG;
    private static final String INPUT_TIMESTAMP_FIELD_DOC = "Input field holding the event time in epoch milliseconds (long or timestamp-millis). Empty uses the Kafka record timestamp.";

    public static final String LABEL_FIELD_CONFIG = InputFieldConfigs.LABEL_FIELD_CONFIG;
    private static final String LABEL_FIELD_DOC = "Input field holding the label. Records without a label are dead-lettered with reason missing-label.";

    public static final String FEATURE_FIELDS_CONFIG = InputFieldConfigs.FEATURE_FIELDS_CONFIG;
    private static final String FEATURE_FIELDS_DOC = "Input fields used as features. Empty uses every field except the id, timestamp and label fields "
            + "(and those of feature.fields.exclude). Numeric fields are numeric features, booleans are 0/1, strings and enums are "
            + "categorical; a nullable field (a union with null) has the type of its other branch. Other types are refused.";

    public static final String FEATURE_FIELDS_EXCLUDE_CONFIG = InputFieldConfigs.FEATURE_FIELDS_EXCLUDE_CONFIG;
    private static final String FEATURE_FIELDS_EXCLUDE_DOC = "Input fields never used as features when " + FEATURE_FIELDS_CONFIG
            + " is empty, for example fields of a type that cannot be a feature (array, map, record, bytes, fixed).";

    public static final String INPUT_PARTITIONS_CONFIG = "input.partitions";
    private static final String INPUT_PARTITIONS_DOC = "Partitions of the input, score-request and prediction topics when streamtrain creates them.";

    /** The former name of {@value #INPUT_PARTITIONS_CONFIG}, which sat among the topic-name overrides ({@code topics.<role>}). */
    @Deprecated
    public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
    private static final String TOPICS_PARTITIONS_DOC = "Deprecated: the former name of " + INPUT_PARTITIONS_CONFIG
            + ", still read (with a warning) when " + INPUT_PARTITIONS_CONFIG + " is not set.";

    /** Value format of the predictions topic; its writers (the scorer, and the trainer in transient mode) share it. */
    public static final String PREDICTIONS_FORMAT_CONFIG = PredictionFormat.CONFIG;
    /** The former name of {@value #PREDICTIONS_FORMAT_CONFIG}, a scorer key that the trainer had to read as well. */
    public static final String SCORER_PREDICTIONS_FORMAT_CONFIG = "scorer.predictions.format";
    private static final String SCORER_PREDICTIONS_FORMAT_DOC = "Deprecated: the former name of " + PREDICTIONS_FORMAT_CONFIG
            + ", still read (with a warning) when " + PREDICTIONS_FORMAT_CONFIG + " is not set.";

    private static final RenamedKey RENAMED_PARTITIONS = new RenamedKey(TOPICS_PARTITIONS_CONFIG, INPUT_PARTITIONS_CONFIG,
            "it sat among the topic-name overrides topics.<role>");
    private static final RenamedKey RENAMED_PREDICTIONS_FORMAT = new RenamedKey(SCORER_PREDICTIONS_FORMAT_CONFIG,
            PREDICTIONS_FORMAT_CONFIG, "the predictions topic's format is the pipeline's, shared by every service that writes it");

    public static final String WINDOW_SIZE_MS_CONFIG = "window.size.ms";
    private static final String WINDOW_SIZE_MS_DOC = "Length of a micro-batch window in event time.";

    public static final String WINDOW_GRACE_MS_CONFIG = "window.grace.ms";
    private static final String WINDOW_GRACE_MS_DOC = "How long, in stream time, a window stays open for out-of-order records after its end. Later records are dead-lettered with reason late.";

    public static final String WINDOW_MAX_FUTURE_MS_CONFIG = "window.max.future.ms";
    private static final String WINDOW_MAX_FUTURE_MS_DOC = "Records whose event time lies more than this ahead of the wall clock are dead-lettered with reason future: "
            + "one such record would otherwise advance stream time and make every later record late.";

    public static final String WINDOW_MAX_RECORDS_CONFIG = "window.max.records";
    private static final String WINDOW_MAX_RECORDS_DOC = "A window closes early once it holds this many records; later records of the same period open a new window.";

    public static final String WINDOW_IDLE_CLOSE_MS_CONFIG = "window.idle.close.ms";
    private static final String WINDOW_IDLE_CLOSE_MS_DOC = "Open windows close when no record has arrived for this long on the wall clock, so a quiet stream still trains.";

    public static final String BATCH_CHUNK_MAX_BYTES_CONFIG = "batch.chunk.max.bytes";
    private static final String BATCH_CHUNK_MAX_BYTES_DOC = "Upper bound of one encoded batch chunk on the batches topic.";

    public static final String RECORD_MAX_BYTES_CONFIG = "record.max.bytes";
    private static final String RECORD_MAX_BYTES_DOC = "Input records larger than this are dead-lettered with reason oversized.";

    public static final String SPLIT_TEST_FRACTION_CONFIG = "split.test.fraction";
    private static final String SPLIT_TEST_FRACTION_DOC = "Fraction of each batch held out for evaluation, chosen deterministically by a hash of the record id.";

    public static final String TRAIN_MIN_RECORDS_CONFIG = "train.min.records";
    private static final String TRAIN_MIN_RECORDS_DOC = "Batches with fewer records publish no model; a BATCH_SKIPPED event says why.";

    public static final String SPLIT_STRATEGY_CONFIG = "split.strategy";
    private static final String SPLIT_STRATEGY_DOC = "How a window is split into train and test records: hash (by a hash of the record id), "
            + "stratified (classification only: the test fraction of every class, picked by id hash) or time-ordered (the latest records by event time are the test set).";

    public static final String TRAIN_HORIZON_WINDOWS_CONFIG = "train.horizon.windows";
    /** Chosen by the horizon accuracy benchmark: longer horizons were as accurate or more on every data set measured. */
    public static final int DEFAULT_HORIZON_WINDOWS = 30;
    private static final String TRAIN_HORIZON_WINDOWS_DOC = "Windows each model learns from, the one just closed included: the window is the trigger, "
            + "the last this-many complete windows of the batches topic are the training set. 1 trains on each window alone. "
            + "The default of 30 was chosen by measurement (BENCHMARKS.md, Training horizon): on two public data sets streamed in "
            + "50-row windows, 30 windows scored best with logistic regression (within a point of scikit-learn's logistic regression on the same rows) and "
            + "one window 2 to 8 points lower. The trainer holds every row of these windows, so lower it for windows of very many rows. "
            + "A transient pipeline that does not set it trains on each window alone.";

    public static final String TRAIN_HORIZON_MS_CONFIG = "train.horizon.ms";
    private static final String TRAIN_HORIZON_MS_DOC = "Event-time span of the training horizon: an earlier window stays in it while its end lies "
            + "within this of the newest window's end (and it is among the last " + TRAIN_HORIZON_WINDOWS_CONFIG + " windows). 0 turns the bound off.";

    public static final String TRAIN_HORIZON_MAX_RECORDS_CONFIG = "train.horizon.max.records";
    private static final String TRAIN_HORIZON_MAX_RECORDS_DOC = "Most rows a fit learns from. The newest window always trains whole; when the horizon "
            + "holds more rows, " + "train.horizon.sampling" + " chooses which rows of the earlier windows fill the rest.";

    public static final String TRAIN_HORIZON_SAMPLING_CONFIG = "train.horizon.sampling";
    private static final String TRAIN_HORIZON_SAMPLING_DOC = "Which rows of the earlier windows train when the horizon holds more than "
            + TRAIN_HORIZON_MAX_RECORDS_CONFIG + ": newest (the newest rows), uniform (every row equally likely, by a hash of the record id "
            + "seeded with model.seed) or stratified (classification only: each class keeps its share, uniform within the class).";

    public static final String TRAIN_EVALUATION_CONFIG = "train.evaluation";
    private static final String TRAIN_EVALUATION_DOC = "Where the test rows come from: newest-window (the held-out rows of the newest window only; "
            + "every row of the earlier windows trains, and the gate compares the champion on the same rows) or every-window "
            + "(every row of the horizon is split alike).";

    public static final String TRAIN_WARM_START_CONFIG = "train.warm.start";
    private static final String TRAIN_WARM_START_DOC = "Start each logistic-regression fit from the champion's weights when the champion is a logistic "
            + "regression on the same features, classes and preprocessed width; otherwise, and for every other algorithm, fit from scratch "
            + "(linear regression is solved in closed form). The fit stops by the same convergence test, so only its iterations change. "
            + "Off by default: the stopping point then depends on which model was champion when the fit began, so a fit is no longer "
            + "reproducible from its rows and seed alone (a restarted trainer may see another champion than an uninterrupted one).";
    public static final String TRAIN_REFIT_CONFIG = "train.refit";
    private static final String TRAIN_REFIT_DOC = "After evaluation, fit the published model again on every row of the horizon, test rows included, "
            + "so no labelled row is wasted. The envelope's metrics stay those of the evaluated fit, and its lineage says the model was refit. "
            + "On by default, so the published model learns from every labelled row, as a notebook's would: on one window, off cost "
            + "0.3 to 0.5 points of accuracy per classifier family on average and up to 2.2 on one data set (BENCHMARKS.md, Model quality). "
            + "Off saves that second fit per model; on horizons of 3 windows or more it changed accuracy by at most 0.6 points (BENCHMARKS.md, "
            + "Training horizon). With train.evaluation=every-window over several windows it is off by default and refused on: the "
            + "champion would be judged on earlier windows' test rows it learned from.";

    public static final String PIPELINE_MODE_CONFIG = "pipeline.mode";
    private static final String PIPELINE_MODE_DOC = "What each closed window does: continuous (train a model version, gate it and "
            + "publish it to <p>.models for the scorer; input records need a label) or transient (train a throw-away model on "
            + "the window's labelled records, score the window's unlabelled records and the score requests that arrived during "
            + "the window with it, publish the predictions with the model's lineage to <p>.predictions and store no model).";

    public static final String TASK_CONFIG = "task";
    private static final String TASK_DOC = "What the model predicts: classification (a class from the label's values) or regression (the label's numeric value).";

    public static final String MODEL_ALGORITHM_CONFIG = "model.algorithm";
    private static final String MODEL_ALGORITHM_DOC = "Learning algorithm. Classification: logistic-regression, random-forest, gradient-boosted-trees; "
            + "regression: linear-regression, random-forest, gradient-boosted-trees. Empty picks logistic-regression for classification and linear-regression for regression.";

    public static final String MODEL_SEED_CONFIG = "model.seed";
    private static final String MODEL_SEED_DOC = "Seed of every random choice in training (tree bootstraps, feature sampling, subsampling): the same window and seed give the same model.";

    public static final String MODEL_TUNING_CONFIG = "model.tuning";
    private static final String MODEL_TUNING_DOC = "Hyperparameter search per window: none trains the configured hyperparameters; grid tries every "
            + "combination of the algorithm's search space, random at most model.tuning.candidates of them. Candidates are compared by gate.metric, "
            + "averaged over model.tuning.folds cross-validation folds of the train rows (never the test rows), their fits spread over the "
            + "trainer's threads. The search space per algorithm is documented in the README; override one key's values with "
            + "model.tuning.<algorithm>.<key>=v1,v2,... (for example model.tuning.random-forest.node.size=1,3).";

    public static final String MODEL_TUNING_MAX_MS_CONFIG = "model.tuning.max.ms";
    private static final String MODEL_TUNING_MAX_MS_DOC = "Time budget of one window's hyperparameter search; after it the best candidate scored so far wins.";

    public static final String MODEL_TUNING_CANDIDATES_CONFIG = "model.tuning.candidates";
    private static final String MODEL_TUNING_CANDIDATES_DOC = "Most candidates a random search tries, the configured hyperparameters included.";

    public static final String MODEL_TUNING_FOLDS_CONFIG = "model.tuning.folds";
    private static final String MODEL_TUNING_FOLDS_DOC = "Cross-validation folds of the train rows (stratified by class for classification): each candidate is "
            + "fit once per fold on the other folds and scored on that fold, and its score is the mean. More folds score more reliably and cost "
            + "proportionally more fits within model.tuning.max.ms.";

    /** Prefix of a key overriding one hyperparameter's values in the search space: model.tuning.<algorithm>.<key>. */
    public static final String MODEL_TUNING_SPACE_PREFIX = "model.tuning.";

    public static final String PREPROCESS_MISSING_STRATEGY_CONFIG = "preprocess.missing.strategy";
    private static final String PREPROCESS_MISSING_STRATEGY_DOC = "What replaces a missing feature value (null, NaN or an infinity): drop-row, mean, median, most-frequent "
            + "or constant (see preprocess.missing.constant). Categorical features use most-frequent where mean or median is asked for.";

    public static final String PREPROCESS_MISSING_CONSTANT_CONFIG = "preprocess.missing.constant";
    private static final String PREPROCESS_MISSING_CONSTANT_DOC = "The replacement of the constant strategy: a number for numeric and boolean features, a category for categorical ones. "
            + "Required when preprocess.missing.strategy is constant.";

    public static final String PREPROCESS_MISSING_OVERRIDES_CONFIG = "preprocess.missing.overrides";
    private static final String PREPROCESS_MISSING_OVERRIDES_DOC = "Per-feature missing-value rules, each feature=strategy or feature=constant:value, "
            + "for example age=median,city=constant:unknown. Features not listed follow preprocess.missing.strategy.";

    public static final String PREPROCESS_MAX_CATEGORIES_CONFIG = "preprocess.categorical.max.categories";
    private static final String PREPROCESS_MAX_CATEGORIES_DOC = "One-hot slots per categorical feature: the most frequent train categories. Rarer categories, and "
            + "categories first seen at scoring time, set the feature's extra 'other' slot.";

    public static final String PREPROCESS_SCALING_CONFIG = "preprocess.scaling";
    private static final String PREPROCESS_SCALING_DOC = "Scaling of numeric and boolean features with train-split statistics: standard, min-max or none.";

    public static final String PREPROCESS_CLIP_QUANTILE_CONFIG = "preprocess.clip.quantile";
    private static final String PREPROCESS_CLIP_QUANTILE_DOC = "Outlier clipping: numeric values are clipped to the train split's q and 1-q quantiles before scaling. 0 turns clipping off.";

    public static final String HEALTH_KAFKA_UNREACHABLE_MS_CONFIG = "health.kafka.unreachable.ms";
    private static final String HEALTH_KAFKA_UNREACHABLE_MS_DOC = "How long a service may go without reaching Kafka before it "
            + "reports itself not ready (readiness 503; liveness stays up, and the service keeps retrying). Each service checks "
            + "every third of this time, at most every 5 s, with a cluster description of its own.";

    /** Prefix of the topic-name overrides, for example {@code topics.records} or {@code topics.model-history}. */
    public static final String TOPICS_PREFIX = "topics.";

    private static final Range PARTITIONS_RANGE = Range.between(1, 1024);

    private static final ConfigDef CONFIG = DeployKeys.define(defineHyperparameters(new ConfigDef()
            .define(PIPELINE_NAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new PipelineNameValidator(), Importance.HIGH, PIPELINE_NAME_DOC)
            .define(INPUT_SCHEMA_CONFIG, Type.STRING, "", Importance.HIGH, INPUT_SCHEMA_DOC)
            .define(INPUT_WRITER_SCHEMAS_CONFIG, Type.LIST, "", Importance.LOW, INPUT_WRITER_SCHEMAS_DOC)
            .define(INPUT_ID_FIELD_CONFIG, Type.STRING, "id", new ConfigDef.NonEmptyString(), Importance.HIGH, INPUT_ID_FIELD_DOC)
            .define(INPUT_TIMESTAMP_FIELD_CONFIG, Type.STRING, "eventTime", Importance.MEDIUM, INPUT_TIMESTAMP_FIELD_DOC)
            .define(LABEL_FIELD_CONFIG, Type.STRING, "label", new ConfigDef.NonEmptyString(), Importance.HIGH, LABEL_FIELD_DOC)
            .define(FEATURE_FIELDS_CONFIG, Type.LIST, "", Importance.MEDIUM, FEATURE_FIELDS_DOC)
            .define(FEATURE_FIELDS_EXCLUDE_CONFIG, Type.LIST, "", Importance.LOW, FEATURE_FIELDS_EXCLUDE_DOC)
            .define(INPUT_PARTITIONS_CONFIG, Type.INT, 3, PARTITIONS_RANGE, Importance.MEDIUM, INPUT_PARTITIONS_DOC)
            .define(TOPICS_PARTITIONS_CONFIG, Type.INT, null, ConfigDef.LambdaValidator.with((name, value) -> {
                if (value != null) {
                    PARTITIONS_RANGE.ensureValid(name, value);
                }
            }, () -> PARTITIONS_RANGE + " or unset"), Importance.LOW, TOPICS_PARTITIONS_DOC)
            .define(PREDICTIONS_FORMAT_CONFIG, Type.STRING, PredictionFormat.DEFAULT, PredictionFormat.VALIDATOR, Importance.MEDIUM,
                    PredictionFormat.DOC)
            .define(SCORER_PREDICTIONS_FORMAT_CONFIG, Type.STRING, PredictionFormat.DEFAULT, PredictionFormat.VALIDATOR, Importance.LOW,
                    SCORER_PREDICTIONS_FORMAT_DOC)
            .define(WINDOW_SIZE_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(1), Importance.HIGH, WINDOW_SIZE_MS_DOC)
            .define(WINDOW_GRACE_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM, WINDOW_GRACE_MS_DOC)
            .define(WINDOW_MAX_FUTURE_MS_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(0), Importance.LOW, WINDOW_MAX_FUTURE_MS_DOC)
            .define(WINDOW_MAX_RECORDS_CONFIG, Type.INT, 50_000, Range.atLeast(2), Importance.MEDIUM, WINDOW_MAX_RECORDS_DOC)
            .define(WINDOW_IDLE_CLOSE_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM, WINDOW_IDLE_CLOSE_MS_DOC)
            .define(BATCH_CHUNK_MAX_BYTES_CONFIG, Type.INT, 512 * 1024, Range.between(4 * 1024, PipelineTopics.BATCH_MAX_MESSAGE_BYTES / 2), Importance.LOW, BATCH_CHUNK_MAX_BYTES_DOC)
            .define(RECORD_MAX_BYTES_CONFIG, Type.INT, 1024 * 1024, Range.between(64, PipelineTopics.INPUT_MAX_MESSAGE_BYTES), Importance.LOW, RECORD_MAX_BYTES_DOC)
            .define(SPLIT_TEST_FRACTION_CONFIG, Type.DOUBLE, 0.2, Range.between(0.05, 0.5), Importance.MEDIUM, SPLIT_TEST_FRACTION_DOC)
            .define(TRAIN_MIN_RECORDS_CONFIG, Type.INT, 50, Range.atLeast(10), Importance.MEDIUM, TRAIN_MIN_RECORDS_DOC)
            .define(SPLIT_STRATEGY_CONFIG, Type.STRING, SplitStrategy.HASH.key(), ConfigDef.ValidString.in(SplitStrategy.keys().toArray(String[]::new)), Importance.MEDIUM, SPLIT_STRATEGY_DOC)
            .define(TRAIN_HORIZON_WINDOWS_CONFIG, Type.INT, DEFAULT_HORIZON_WINDOWS, Range.between(1, 100_000), Importance.HIGH, TRAIN_HORIZON_WINDOWS_DOC)
            .define(TRAIN_HORIZON_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM, TRAIN_HORIZON_MS_DOC)
            .define(TRAIN_HORIZON_MAX_RECORDS_CONFIG, Type.INT, 200_000, Range.between(10, 50_000_000), Importance.MEDIUM, TRAIN_HORIZON_MAX_RECORDS_DOC)
            .define(TRAIN_HORIZON_SAMPLING_CONFIG, Type.STRING, HorizonSampling.UNIFORM.key(),
                    ConfigDef.ValidString.in(HorizonSampling.keys().toArray(String[]::new)), Importance.LOW, TRAIN_HORIZON_SAMPLING_DOC)
            .define(TRAIN_EVALUATION_CONFIG, Type.STRING, Evaluation.NEWEST_WINDOW.key(),
                    ConfigDef.ValidString.in(Evaluation.keys().toArray(String[]::new)), Importance.LOW, TRAIN_EVALUATION_DOC)
            .define(TRAIN_REFIT_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, TRAIN_REFIT_DOC)
            .define(TRAIN_WARM_START_CONFIG, Type.BOOLEAN, false, Importance.LOW, TRAIN_WARM_START_DOC)
            .define(PIPELINE_MODE_CONFIG, Type.STRING, PipelineMode.CONTINUOUS.key(), ConfigDef.ValidString.in(PipelineMode.keys().toArray(String[]::new)), Importance.HIGH, PIPELINE_MODE_DOC)
            .define(TASK_CONFIG, Type.STRING, "classification", ConfigDef.ValidString.in("classification", "regression"), Importance.HIGH, TASK_DOC)
            .define(MODEL_ALGORITHM_CONFIG, Type.STRING, "", ConfigDef.ValidString.in(algorithmChoices()), Importance.HIGH, MODEL_ALGORITHM_DOC)
            .define(MODEL_SEED_CONFIG, Type.LONG, 42L, Importance.LOW, MODEL_SEED_DOC))
            .define(MODEL_TUNING_CONFIG, Type.STRING, "none", ConfigDef.ValidString.in("none", "grid", "random"), Importance.MEDIUM, MODEL_TUNING_DOC)
            .define(MODEL_TUNING_MAX_MS_CONFIG, Type.LONG, 60_000L, Range.between(1L, 86_400_000L), Importance.MEDIUM, MODEL_TUNING_MAX_MS_DOC)
            .define(MODEL_TUNING_CANDIDATES_CONFIG, Type.INT, 12, Range.between(1, 10_000), Importance.LOW, MODEL_TUNING_CANDIDATES_DOC)
            .define(MODEL_TUNING_FOLDS_CONFIG, Type.INT, 5, Range.between(2, 20), Importance.LOW, MODEL_TUNING_FOLDS_DOC)
            .define(PREPROCESS_MISSING_STRATEGY_CONFIG, Type.STRING, MissingValueStrategy.MEAN.key(),
                    ConfigDef.ValidString.in(MissingValueStrategy.keys().toArray(String[]::new)), Importance.MEDIUM, PREPROCESS_MISSING_STRATEGY_DOC)
            .define(PREPROCESS_MISSING_CONSTANT_CONFIG, Type.STRING, "", Importance.LOW, PREPROCESS_MISSING_CONSTANT_DOC)
            .define(PREPROCESS_MISSING_OVERRIDES_CONFIG, Type.LIST, "", new PreprocessingKeys.Syntax(), Importance.LOW, PREPROCESS_MISSING_OVERRIDES_DOC)
            .define(PREPROCESS_MAX_CATEGORIES_CONFIG, Type.INT, 100, Range.between(1, 10_000), Importance.LOW, PREPROCESS_MAX_CATEGORIES_DOC)
            .define(PREPROCESS_SCALING_CONFIG, Type.STRING, Scaling.STANDARD.key(), ConfigDef.ValidString.in(Scaling.keys().toArray(String[]::new)), Importance.MEDIUM, PREPROCESS_SCALING_DOC)
            .define(PREPROCESS_CLIP_QUANTILE_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 0.25), Importance.LOW, PREPROCESS_CLIP_QUANTILE_DOC)
            .define(HEALTH_KAFKA_UNREACHABLE_MS_CONFIG, Type.LONG, 15_000L, Range.between(1_000L, 3_600_000L), Importance.LOW,
                    HEALTH_KAFKA_UNREACHABLE_MS_DOC));

    private final Schema inputSchema;
    private final List<Schema> writerSchemas;
    private final FeatureSpec featureSpec;
    private final String algorithm;
    private final PreprocessingSpec preprocessing;
    private final PipelineTopics topics;

    /**
     * Validates {@code originals}; an invalid value fails with a {@link ConfigException} naming the key,
     * the value and what is allowed.
     */
    public PipelineConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
        this.inputSchema = loadInputSchema();
        this.writerSchemas = loadWriterSchemas();
        this.featureSpec = FeatureSpec.fromSchema(inputSchema,
                getString(INPUT_ID_FIELD_CONFIG),
                getString(INPUT_TIMESTAMP_FIELD_CONFIG),
                getString(LABEL_FIELD_CONFIG),
                getList(FEATURE_FIELDS_CONFIG),
                getList(FEATURE_FIELDS_EXCLUDE_CONFIG));
        this.algorithm = resolveAlgorithm();
        this.preprocessing = PreprocessingKeys.preprocessingOf(this, featureSpec);
        requireSplitFitsTask();
        requireHorizonFitsTask();
        requireLabelFitsTask();
        this.topics = resolveTopics();
        requireDistinctTopics();
        checkRenamedKeys();
        requireKnownTuningKeys();
    }

    /**
     * Every {@code model.tuning.*} key is defined or names an algorithm's search space: a mistyped key, or the former
     * {@code model.tuning.validation.fraction}, would otherwise be ignored without a word.
     */
    private void requireKnownTuningKeys() {
        for (String key : originals().keySet()) {
            if (key.startsWith(MODEL_TUNING_SPACE_PREFIX) && !CONFIG.names().contains(key)
                    && Algorithms.NAMES.stream().noneMatch(name -> key.startsWith(MODEL_TUNING_SPACE_PREFIX + name + "."))) {
                throw new ConfigException(key, originals().get(key), "is not a tuning key: use " + MODEL_TUNING_FOLDS_CONFIG
                        + " (cross-validation replaced model.tuning.validation.fraction), another model.tuning.* key, or "
                        + MODEL_TUNING_SPACE_PREFIX + "<algorithm>.<hyperparameter> with an algorithm of " + Algorithms.NAMES);
            }
        }
    }

    /** Defines {@code model.<algorithm>.<key>} for every {@link Hyperparameter}, with its type, default, range and doc. */
    private static ConfigDef defineHyperparameters(ConfigDef definition) {
        for (Hyperparameter hyperparameter : Hyperparameter.values()) {
            definition.define(hyperparameter.configKey(), hyperparameter.kind() == Hyperparameter.Kind.INTEGER ? Type.INT : Type.DOUBLE,
                    hyperparameter.defaultValue(), Range.between(hyperparameter.min(), hyperparameter.max()), Importance.LOW,
                    hyperparameter.doc());
        }
        return definition;
    }

    /** The definition of every key, for documentation and tooling. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String pipelineName() {
        return getString(PIPELINE_NAME_CONFIG);
    }

    public Schema inputSchema() {
        return inputSchema;
    }

    /** Earlier versions of the input schema that Avro input may be written with ({@code input.writer.schemas}). */
    public List<Schema> writerSchemas() {
        return writerSchemas;
    }

    /** A decoder of input records: Avro of the input schema or of a writer schema, or JSON. */
    public InputRecordDecoder inputDecoder() {
        InputRecordDecoder decoder = new InputRecordDecoder(inputSchema);
        writerSchemas.forEach(decoder::withWriterSchema);
        return decoder;
    }

    public FeatureSpec featureSpec() {
        return featureSpec;
    }

    /** Topic names: {@code <pipeline>.<role>} unless {@code topics.<role>} overrides it. */
    public PipelineTopics topics() {
        return topics;
    }

    /** {@value #INPUT_PARTITIONS_CONFIG}, or the deprecated {@value #TOPICS_PARTITIONS_CONFIG} when only that is set. */
    public int inputPartitions() {
        return getInt(RENAMED_PARTITIONS.keyToRead(originals()));
    }

    /**
     * {@value #PREDICTIONS_FORMAT_CONFIG}, or the deprecated {@value #SCORER_PREDICTIONS_FORMAT_CONFIG} when only that is
     * set: how every writer of the predictions topic encodes a prediction.
     */
    public PredictionFormat predictionFormat() {
        return PredictionFormat.of(getString(RENAMED_PREDICTIONS_FORMAT.keyToRead(originals())));
    }

    public Duration windowSize() {
        return Duration.ofMillis(getLong(WINDOW_SIZE_MS_CONFIG));
    }

    public Duration windowGrace() {
        return Duration.ofMillis(getLong(WINDOW_GRACE_MS_CONFIG));
    }

    /** How far ahead of the wall clock an event time may lie before the record is dead-lettered as {@code future}. */
    public Duration windowMaxFuture() {
        return Duration.ofMillis(getLong(WINDOW_MAX_FUTURE_MS_CONFIG));
    }

    public int windowMaxRecords() {
        return getInt(WINDOW_MAX_RECORDS_CONFIG);
    }

    public Duration windowIdleClose() {
        return Duration.ofMillis(getLong(WINDOW_IDLE_CLOSE_MS_CONFIG));
    }

    /** How long a service may go without reaching Kafka before it reports itself not ready. */
    public Duration kafkaUnreachableAfter() {
        return Duration.ofMillis(getLong(HEALTH_KAFKA_UNREACHABLE_MS_CONFIG));
    }

    public int batchChunkMaxBytes() {
        return getInt(BATCH_CHUNK_MAX_BYTES_CONFIG);
    }

    public int recordMaxBytes() {
        return getInt(RECORD_MAX_BYTES_CONFIG);
    }

    public double testFraction() {
        return getDouble(SPLIT_TEST_FRACTION_CONFIG);
    }

    public int minTrainingRecords() {
        return getInt(TRAIN_MIN_RECORDS_CONFIG);
    }

    /** What each closed window does: train a stored model version, or a throw-away model that scores the window. */
    public PipelineMode mode() {
        return PipelineMode.of(getString(PIPELINE_MODE_CONFIG));
    }

    /** Classification or regression. */
    public Task task() {
        return "regression".equals(getString(TASK_CONFIG)) ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /** The learning algorithm; an empty {@value #MODEL_ALGORITHM_CONFIG} resolved to the task's default. */
    public String algorithm() {
        return algorithm;
    }

    /** Seed of every random choice made in training. */
    public long seed() {
        return getLong(MODEL_SEED_CONFIG);
    }

    public SplitStrategy splitStrategy() {
        return SplitStrategy.of(getString(SPLIT_STRATEGY_CONFIG));
    }

    /**
     * The horizon's windows: the key's value, except that a transient pipeline which does not set it trains on each
     * window alone, because a transient model scores the window it learned from (the default suits continuous mode).
     */
    private int horizonWindows() {
        return mode() == PipelineMode.TRANSIENT && !originals().containsKey(TRAIN_HORIZON_WINDOWS_CONFIG)
                ? 1 : getInt(TRAIN_HORIZON_WINDOWS_CONFIG);
    }

    /** How much each model learns from: its windows, their bound and sampling, the evaluation and the refit. */
    public TrainingHorizon horizon() {
        return new TrainingHorizon(horizonWindows(), Duration.ofMillis(getLong(TRAIN_HORIZON_MS_CONFIG)),
                getInt(TRAIN_HORIZON_MAX_RECORDS_CONFIG), HorizonSampling.of(getString(TRAIN_HORIZON_SAMPLING_CONFIG)),
                Evaluation.of(getString(TRAIN_EVALUATION_CONFIG)), refit());
    }

    /**
     * The refit: the key's value, except that when every window of a horizon of several is split for evaluation an
     * unset key means off, because a refit champion would be judged on earlier windows' test rows it learned from.
     */
    private boolean refit() {
        return (!judgesOnEarlierWindows() || originals().containsKey(TRAIN_REFIT_CONFIG)) && getBoolean(TRAIN_REFIT_CONFIG);
    }

    private boolean judgesOnEarlierWindows() {
        return Evaluation.of(getString(TRAIN_EVALUATION_CONFIG)) == Evaluation.EVERY_WINDOW && horizonWindows() > 1;
    }

    /** Whether a logistic-regression fit starts from the champion's weights when they fit ({@value #TRAIN_WARM_START_CONFIG}). */
    public boolean warmStart() {
        return getBoolean(TRAIN_WARM_START_CONFIG);
    }

    /** How a challenger that passes the gate reaches live traffic (the {@code deploy.*} keys, {@link DeployKeys}). */
    public DeploySettings deploy() {
        return DeployKeys.settingsOf(this);
    }

    /** The data preparation fitted on every window's train split. */
    public PreprocessingSpec preprocessing() {
        return preprocessing;
    }

    /** The configured algorithm's hyperparameters ({@code model.<algorithm>.<key>}), defaults filled in. */
    public HyperparameterValues hyperparameters() {
        Map<Hyperparameter, Number> values = new LinkedHashMap<>();
        Hyperparameter.of(algorithm).forEach(hyperparameter -> values.put(hyperparameter, (Number) get(hyperparameter.configKey())));
        return HyperparameterValues.of(algorithm, values);
    }

    /** {@value #MODEL_TUNING_CONFIG}: none, grid or random. */
    public String tuningMode() {
        return getString(MODEL_TUNING_CONFIG);
    }

    public long tuningMaxMillis() {
        return getLong(MODEL_TUNING_MAX_MS_CONFIG);
    }

    public int tuningCandidates() {
        return getInt(MODEL_TUNING_CANDIDATES_CONFIG);
    }

    public int tuningFolds() {
        return getInt(MODEL_TUNING_FOLDS_CONFIG);
    }

    /**
     * The configured algorithm's search-space overrides, {@code model.tuning.<algorithm>.<key>=v1,v2,...}, by key
     * without the prefix; the values are checked against the algorithm's ranges when the trainer builds the space.
     */
    public Map<String, List<String>> tuningSpace() {
        String prefix = MODEL_TUNING_SPACE_PREFIX + algorithm + ".";
        Map<String, List<String>> space = new TreeMap<>();
        originals().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                space.put(key.substring(prefix.length()), List.of(String.valueOf(value).split("\\s*,\\s*")));
            }
        });
        return space;
    }

    /**
     * The Kafka client settings ({@code kafka.*} keys) this definition was read with. A service takes its settings from
     * its {@link ServiceConfig#kafka()} instead, which also holds the keys a runtime adds to the definition, such as the
     * embedded broker's address.
     */
    public KafkaClientSettings kafka() {
        return KafkaClientSettings.from(originals());
    }

    /** Whether {@code key} is one of the pipeline's keys (rather than a service, client or trust key). */
    public static boolean isPipelineKey(String key) {
        return CONFIG.names().contains(key) || key.startsWith(TOPICS_PREFIX) || key.startsWith(MODEL_TUNING_SPACE_PREFIX);
    }

    /** Every role's topic: {@code topics.<role>} when set, else the default {@code <pipeline>.<role>}. */
    private PipelineTopics resolveTopics() {
        PipelineTopics defaults = PipelineTopics.defaultsFor(pipelineName());
        Map<TopicRole, String> names = new EnumMap<>(TopicRole.class);
        for (TopicRole role : TopicRole.values()) {
            Object override = originals().get(TOPICS_PREFIX + role.key());
            names.put(role, override == null || override.toString().isBlank() ? defaults.name(role) : override.toString().trim());
        }
        return new PipelineTopics(names);
    }

    /** Roles have different cleanup policies and formats, so two roles can never share a topic. */
    private void requireDistinctTopics() {
        Map<String, TopicRole> roleByTopic = new HashMap<>();
        topics.names().forEach((role, topic) -> {
            TopicRole other = roleByTopic.putIfAbsent(topic, role);
            if (other != null) {
                throw new ConfigException(TOPICS_PREFIX + role.key(), topic, "is also the topic of " + TOPICS_PREFIX + other.key()
                        + "; set " + TOPICS_PREFIX + role.key() + " or " + TOPICS_PREFIX + other.key() + " so that every role has its own topic");
            }
        });
    }

    /** Renamed keys still work, but must not contradict their successors, and say they are deprecated. */
    private void checkRenamedKeys() {
        for (RenamedKey renamed : List.of(RENAMED_PARTITIONS, RENAMED_PREDICTIONS_FORMAT)) {
            renamed.check(originals(), key -> values().get(key), pipelineName());
        }
    }

    private String resolveAlgorithm() {
        String configured = getString(MODEL_ALGORITHM_CONFIG);
        try {
            return Algorithms.resolve(task(), configured);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MODEL_ALGORITHM_CONFIG, configured, e.getMessage() + " (or set " + TASK_CONFIG + ")");
        }
    }

    /** Empty (the task's default) or an algorithm name. */
    private static String[] algorithmChoices() {
        List<String> choices = new ArrayList<>(List.of(""));
        choices.addAll(Algorithms.NAMES);
        return choices.toArray(String[]::new);
    }

    private void requireSplitFitsTask() {
        if (splitStrategy() == SplitStrategy.STRATIFIED && task() != Task.CLASSIFICATION) {
            throw new ConfigException(SPLIT_STRATEGY_CONFIG, SplitStrategy.STRATIFIED.key(), "stratifies by class and needs "
                    + TASK_CONFIG + "=classification; with " + TASK_CONFIG + "=regression use hash or time-ordered");
        }
    }

    /**
     * Stratified sampling needs classes, a transient model learns from its own window only, and an event-time span needs
     * room for more than one window: with the default of one window it would silently change nothing.
     */
    private void requireHorizonFitsTask() {
        if (HorizonSampling.of(getString(TRAIN_HORIZON_SAMPLING_CONFIG)) == HorizonSampling.STRATIFIED && task() != Task.CLASSIFICATION) {
            throw new ConfigException(TRAIN_HORIZON_SAMPLING_CONFIG, HorizonSampling.STRATIFIED.key(), "samples by class and needs "
                    + TASK_CONFIG + "=classification; with " + TASK_CONFIG + "=regression use uniform or newest");
        }
        if (mode() == PipelineMode.TRANSIENT && horizonWindows() > 1) {
            throw new ConfigException(TRAIN_HORIZON_WINDOWS_CONFIG, horizonWindows(), "must be 1 with "
                    + PIPELINE_MODE_CONFIG + "=transient: a transient model scores the window it was trained on and learns from "
                    + "that window only; use " + PIPELINE_MODE_CONFIG + "=continuous to train on several windows");
        }
        if (judgesOnEarlierWindows() && refit()) {
            throw new ConfigException(TRAIN_REFIT_CONFIG, true, "cannot be on with " + TRAIN_EVALUATION_CONFIG + "="
                    + Evaluation.EVERY_WINDOW.key() + " over several windows: the champion, refit on every row, would be judged on "
                    + "earlier windows' test rows it learned from and keep winning; set " + TRAIN_REFIT_CONFIG + "=false or "
                    + TRAIN_EVALUATION_CONFIG + "=" + Evaluation.NEWEST_WINDOW.key());
        }
        if (getLong(TRAIN_HORIZON_MS_CONFIG) > 0 && horizonWindows() == 1) {
            throw new ConfigException(TRAIN_HORIZON_MS_CONFIG, getLong(TRAIN_HORIZON_MS_CONFIG), "bounds a horizon of several windows, but "
                    + TRAIN_HORIZON_WINDOWS_CONFIG + " is 1, so each model would still learn from one window; raise "
                    + TRAIN_HORIZON_WINDOWS_CONFIG + " (the horizon keeps the windows that satisfy both) or set " + TRAIN_HORIZON_MS_CONFIG + "=0");
        }
    }

    /** A regression target must be able to carry a number: a label field with no numeric type can never train one. */
    private void requireLabelFitsTask() {
        if (task() != Task.REGRESSION) {
            return;
        }
        Schema label = inputSchema.getField(getString(LABEL_FIELD_CONFIG)).schema();
        List<Schema> branches = label.getType() == Schema.Type.UNION ? label.getTypes() : List.of(label);
        Set<Schema.Type> numeric = Set.of(Schema.Type.INT, Schema.Type.LONG, Schema.Type.FLOAT, Schema.Type.DOUBLE);
        if (branches.stream().noneMatch(branch -> numeric.contains(branch.getType()))) {
            throw new ConfigException(LABEL_FIELD_CONFIG, getString(LABEL_FIELD_CONFIG), "has type " + label
                    + " in the input schema, and " + TASK_CONFIG + "=regression needs a numeric label (int, long, float or double, "
                    + "optionally nullable); use " + TASK_CONFIG + "=classification for class names");
        }
    }

    private Schema loadInputSchema() {
        String location = getString(INPUT_SCHEMA_CONFIG);
        try {
            return location.isBlank() ? InputSchemas.demo() : InputSchemas.fromFile(Path.of(location));
        } catch (RuntimeException e) {
            throw new ConfigException(INPUT_SCHEMA_CONFIG, location, "must name a readable Avro record schema (.avsc): " + e.getMessage());
        }
    }

    private List<Schema> loadWriterSchemas() {
        List<Schema> schemas = new ArrayList<>();
        for (String location : getList(INPUT_WRITER_SCHEMAS_CONFIG)) {
            Schema writer;
            try {
                writer = InputSchemas.fromFile(Path.of(location));
            } catch (RuntimeException e) {
                throw new ConfigException(INPUT_WRITER_SCHEMAS_CONFIG, location, "must name a readable Avro record schema (.avsc): " + e.getMessage());
            }
            SchemaCompatibility.SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(inputSchema, writer);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new ConfigException(INPUT_WRITER_SCHEMAS_CONFIG, location, "cannot be read as " + INPUT_SCHEMA_CONFIG + " "
                        + inputSchema.getFullName() + ": " + compatibility.getDescription());
            }
            schemas.add(writer);
        }
        return List.copyOf(schemas);
    }

    private static final class PipelineNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().matches("[A-Za-z0-9._-]{1,100}")) {
                throw new ConfigException(name, value, "must be 1-100 characters of letters, digits, '.', '_' or '-'");
            }
        }

        @Override
        public String toString() {
            return "[A-Za-z0-9._-]{1,100}";
        }
    }
}
