package io.streamtrain.bench.quality;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.trainer.TrainerConfig;
import io.streamtrain.ml.train.HorizonRows;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;

/**
 * streamtrain's side of the comparison on one data set: a pipeline with its defaults (only schema, label, task and
 * algorithm set, plus the benchmark's overrides), every train row in one window trained by {@link BatchTrainer}, and
 * the test rows scored by the published model as the scorer does: extracted with {@code LabelPolicy.IGNORED} and
 * scored by {@link LoadedModel}. With {@code model.tuning} on, the result carries the search's report (null otherwise).
 */
final class StreamtrainFit {

    private static final Instant WINDOW_START = Instant.parse("2025-01-01T00:00:00Z");

    /**
     * The test metrics of one fit, its time from the records to the envelope, and the rows the pipeline refused
     * (every feature missing: dead-lettered by the streams app); a refused test row gets no prediction and counts as wrong.
     */
    record Result(double seconds, double accuracy, double r2, double rmse, int refusedTrainRows, int refusedTestRows,
                  Map<String, String> hyperparameters, TuningReport tuning) {
    }

    /** The trainer's own: a hyperparameter search on a pool of the default trainer.threads, bounded by its budget. */
    private final BatchTrainer trainer = BatchTrainer.withTuningThreads(
            (Integer) TrainerConfig.configDef().configKeys().get(TrainerConfig.THREADS_CONFIG).defaultValue);
    private final Path directory;

    StreamtrainFit(Path directory) {
        this.directory = directory;
    }

    /**
     * The mean of {@code seeds} fits with {@code model.seed} 42, 43, ... (one fit with the configured seed when
     * {@code seeds} is 1 or {@code overrides} sets it): metrics and seconds averaged, refusals, hyperparameters and the
     * search report (the longest search's) of the fits.
     */
    Result fit(DataSet data, String algorithm, Map<String, String> overrides, int seeds) throws IOException, ModelRejectedException {
        if (seeds == 1 || overrides.containsKey(PipelineConfig.MODEL_SEED_CONFIG)) {
            return fit(data, algorithm, overrides);
        }
        List<Result> fits = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            Map<String, String> seeded = new HashMap<>(overrides);
            seeded.put(PipelineConfig.MODEL_SEED_CONFIG, Integer.toString(42 + seed));
            fits.add(fit(data, algorithm, seeded));
        }
        Result first = fits.getFirst();
        return new Result(mean(fits, Result::seconds), mean(fits, Result::accuracy), mean(fits, Result::r2), mean(fits, Result::rmse),
                first.refusedTrainRows(), first.refusedTestRows(), first.hyperparameters(),
                fits.stream().map(Result::tuning).filter(Objects::nonNull)
                        .max(Comparator.comparingLong(TuningReport::getElapsedMillis)).orElse(null));
    }

    private static double mean(List<Result> fits, ToDoubleFunction<Result> metric) {
        return fits.stream().mapToDouble(metric).average().orElseThrow();
    }

    private Result fit(DataSet data, String algorithm, Map<String, String> overrides) throws IOException, ModelRejectedException {
        PipelineConfig pipeline = pipeline(data, algorithm, overrides);
        FeatureExtractor extractor = new FeatureExtractor(pipeline.featureSpec());
        List<CleanRecord> window = extracted(extractor, data.train(), FeatureExtractor.LabelPolicy.REQUIRED).stream()
                .filter(Objects::nonNull).toList();
        List<CleanRecord> questions = extracted(extractor, data.test(), FeatureExtractor.LabelPolicy.IGNORED);
        int refusedTrain = data.train().size() - window.size();
        int refusedTest = (int) questions.stream().filter(Objects::isNull).count();
        TrainingRequest request = new TrainingRequest(pipeline.pipelineName(), 1, pipeline.featureSpec(), TrainingSettings.from(pipeline),
                "quality-" + data.name(), manifest(pipeline, window.size()), window,
                new HorizonRows(List.of(), List.of(), 0, pipeline.horizon()));
        long started = System.nanoTime();
        TrainingOutcome outcome = trainer.train(request);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!(outcome instanceof TrainingOutcome.Trained trained)) {
            throw new IllegalStateException(algorithm + " made no model of " + data.name() + ": " + outcome);
        }
        ModelEnvelope envelope = trained.envelope();
        LoadedModel model = ModelLoader.load(envelope, pipeline.pipelineName());
        Map<String, String> used = envelope.getHyperparameters();
        if (data.task() == Task.CLASSIFICATION) {
            long right = IntStream.range(0, questions.size()).filter(i -> questions.get(i) != null
                    && model.score(questions.get(i)).label().equals(data.test().get(i).get(DataSet.LABEL).toString())).count();
            return new Result(seconds, (double) right / questions.size(), Double.NaN, Double.NaN, refusedTrain, refusedTest, used, envelope.getTuning());
        }
        if (refusedTest > 0) {
            throw new IllegalStateException("the pipeline refuses " + refusedTest + " test rows of " + data.name() + ", which a regression cannot score");
        }
        double[] actual = data.test().stream().mapToDouble(record -> (Double) record.get(DataSet.LABEL)).toArray();
        double mean = Arrays.stream(actual).average().orElseThrow();
        double squared = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            double residual = model.score(questions.get(i)).value() - actual[i];
            squared += residual * residual;
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return new Result(seconds, Double.NaN, 1 - squared / total, Math.sqrt(squared / actual.length), refusedTrain, 0, used, envelope.getTuning());
    }

    private PipelineConfig pipeline(DataSet data, String algorithm, Map<String, String> overrides) throws IOException {
        Path schema = directory.resolve(data.name() + ".avsc");
        Files.writeString(schema, data.schema().toString(true));
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(PipelineConfig.PIPELINE_NAME_CONFIG, "quality-" + data.name());
        config.put(PipelineConfig.INPUT_SCHEMA_CONFIG, schema.toString());
        config.put(PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "");
        config.put(PipelineConfig.LABEL_FIELD_CONFIG, DataSet.LABEL);
        config.put(PipelineConfig.TASK_CONFIG, data.task().name().toLowerCase());
        config.put(PipelineConfig.MODEL_ALGORITHM_CONFIG, algorithm);
        return new PipelineConfig(config);
    }

    /** The rows as the pipeline cleans them, in order; null for a row it refuses. */
    private static List<CleanRecord> extracted(FeatureExtractor extractor, List<GenericRecord> rows, FeatureExtractor.LabelPolicy policy) {
        List<CleanRecord> records = new ArrayList<>(rows.size());
        for (int row = 0; row < rows.size(); row++) {
            Extraction extraction = extractor.extract(rows.get(row), WINDOW_START.toEpochMilli(), 0, row, policy);
            records.add(extraction instanceof Extraction.Accepted accepted ? accepted.record() : null);
        }
        return records;
    }

    private static BatchManifest manifest(PipelineConfig pipeline, int records) {
        return BatchManifest.newBuilder()
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START.plusSeconds(60))
                .setCloseReason(WindowCloseReason.MAX_RECORDS)
                .setRecordCount(records)
                .setChunkCount(1)
                .setFeatureNames(pipeline.featureSpec().featureNames())
                .setSourceTopic(pipeline.topics().records())
                .setSourceRanges(List.of(new OffsetRange(0, 0L, (long) records - 1, (long) records)))
                .setClosedAt(WINDOW_START.plusSeconds(60))
                .build();
    }
}
